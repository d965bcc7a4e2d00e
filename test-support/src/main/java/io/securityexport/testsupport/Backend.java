package io.securityexport.testsupport;

/** Where PostgreSQL and Kafka come from. S3 and STS are embedded with every backend. */
interface Backend {

    Started<PostgresServer> startPostgres() throws Exception;

    Started<KafkaBroker> startKafka() throws Exception;

    /** A PostgreSQL of one test's own that it may stop and start. */
    RestartablePostgres startRestartablePostgres();

    boolean dockerBacked();
}

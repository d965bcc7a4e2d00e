package io.securityexport.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** PostgreSQL and Kafka in-process or as child processes, from Maven Central artifacts only. */
final class EmbeddedBackend implements Backend {

    @Override
    public Started<PostgresServer> startPostgres() throws Exception {
        // zonky unpacks the PostgreSQL binaries, initdb's a fresh cluster in a temp dir and picks a free
        // port; the cluster trusts local connections, so the password is never checked.
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setRegisterShutdownHook(false) // Infrastructure's hook stops it
                // zonky's 10 s default was exceeded on a busy 2-core CI machine (initdb + start)
                .setPGStartupWait(java.time.Duration.ofSeconds(60))
                // many Spring contexts with their own pools may share this server in one JVM
                .setServerConfig("max_connections", "300")
                // durability is worthless for throw-away test data; speed is not
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                .start();
        PostgresServer server =
                new PostgresEndpoint("localhost", postgres.getPort(), "postgres", "postgres", "postgres");
        return new Started<>(server, postgres);
    }

    @Override
    public Started<KafkaBroker> startKafka() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperty("auto.create.topics.enable", "true");
        KafkaBrokerSettings.brokerProperties().forEach(broker::brokerProperty);
        broker.afterPropertiesSet();
        return new Started<>(new KafkaEndpoint(broker.getBrokersAsString()), broker::destroy);
    }

    @Override
    public RestartablePostgres startRestartablePostgres() {
        return new EmbeddedRestartablePostgres();
    }

    @Override
    public boolean dockerBacked() {
        return false;
    }
}

package io.securityexport.testsupport;

import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/** PostgreSQL and Kafka (KRaft) as Testcontainers, with pinned image tags. */
final class DockerBackend implements Backend {

    static final DockerImageName POSTGRES_IMAGE = DockerImageName.parse("postgres:17.6-alpine");
    static final DockerImageName KAFKA_IMAGE = DockerImageName.parse(KafkaBrokerSettings.IMAGE);

    @Override
    public Started<PostgresServer> startPostgres() {
        PostgreSQLContainer container = new PostgreSQLContainer(POSTGRES_IMAGE)
                // same headroom as the embedded server: many pools may share it
                .withCommand(
                        "postgres",
                        "-c",
                        "max_connections=300",
                        "-c",
                        "fsync=off",
                        "-c",
                        "synchronous_commit=off",
                        "-c",
                        "full_page_writes=off");
        container.start();
        // the container's user is a superuser, so CREATE DATABASE works
        PostgresServer server = new PostgresEndpoint(
                container.getHost(),
                container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT),
                container.getUsername(),
                container.getPassword(),
                container.getDatabaseName());
        return new Started<>(server, container::stop);
    }

    @Override
    public Started<KafkaBroker> startKafka() {
        KafkaContainer container = new KafkaContainer(KAFKA_IMAGE)
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "true")
                .withEnv(KafkaBrokerSettings.imageEnvironment());
        container.start();
        return new Started<>(new KafkaEndpoint(container.getBootstrapServers()), container::stop);
    }

    @Override
    public RestartablePostgres startRestartablePostgres() {
        return new ContainerRestartablePostgres(POSTGRES_IMAGE);
    }

    @Override
    public boolean dockerBacked() {
        return true;
    }
}

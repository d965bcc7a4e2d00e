package io.securityexport.testsupport;

import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A PostgreSQL container whose outage is a pause: Docker may map a different host port after a real stop, which
 * would change the service's address; pausing keeps the address and makes the server unreachable all the same.
 */
final class ContainerRestartablePostgres implements RestartablePostgres {

    private final PostgreSQLContainer container;
    private final PostgresEndpoint endpoint;
    private boolean paused;

    ContainerRestartablePostgres(DockerImageName image) {
        container = new PostgreSQLContainer(image);
        container.start();
        endpoint = new PostgresEndpoint(
                container.getHost(),
                container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT),
                container.getUsername(),
                container.getPassword(),
                container.getDatabaseName());
    }

    @Override
    public synchronized void stop() {
        if (!paused) {
            container
                    .getDockerClient()
                    .pauseContainerCmd(container.getContainerId())
                    .exec();
            paused = true;
        }
    }

    @Override
    public synchronized void start() {
        if (paused) {
            container
                    .getDockerClient()
                    .unpauseContainerCmd(container.getContainerId())
                    .exec();
            paused = false;
        }
    }

    @Override
    public void close() {
        container.stop();
    }

    @Override
    public PostgresServer endpoint() {
        return endpoint;
    }
}

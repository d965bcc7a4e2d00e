package io.securityexport.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A zonky PostgreSQL whose data directory and port survive a stop: zonky runs initdb only for a directory
 * without postgresql.conf, so starting again on the same directory is a real restart of the same cluster.
 */
final class EmbeddedRestartablePostgres implements RestartablePostgres {

    private final Path dataDirectory;
    private final int port;
    private final PostgresEndpoint endpoint;
    private EmbeddedPostgres running;

    EmbeddedRestartablePostgres() {
        try {
            this.dataDirectory = Files.createTempDirectory("restartable-pg");
            try (ServerSocket probe = new ServerSocket(0)) {
                this.port = probe.getLocalPort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.endpoint = new PostgresEndpoint("localhost", port, "postgres", "postgres", "postgres");
        start();
    }

    @Override
    public synchronized void start() {
        if (running != null) {
            return;
        }
        try {
            running = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setRegisterShutdownHook(true)
                    .setPGStartupWait(java.time.Duration.ofSeconds(60))
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void stop() {
        if (running == null) {
            return;
        }
        try {
            running.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            running = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public PostgresServer endpoint() {
        return endpoint;
    }
}

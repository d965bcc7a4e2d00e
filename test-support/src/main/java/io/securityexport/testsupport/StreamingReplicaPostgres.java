package io.securityexport.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A PostgreSQL primary and a real streaming replica (hot standby) of it, both of one test's own, in a temporary
 * directory that {@link #close()} removes; no system service is touched. Both run from zonky's binaries (the same on
 * every machine, with or without Docker), which ship no {@code pg_basebackup}: the standby starts instead from a
 * copy of the primary's data directory taken while the primary is cleanly shut down (a cold base backup), with
 * {@code standby.signal} and {@code primary_conninfo}, and then streams the primary's WAL like any replica.
 * <p>
 * Databases created on the primary appear on the standby by replication; the standby refuses writes.
 */
public final class StreamingReplicaPostgres implements AutoCloseable {

    private static final String SUPERUSER = "postgres";

    private final Path directory;
    private final EmbeddedPostgres primary;
    private final EmbeddedPostgres standby;
    private final PostgresServer primaryEndpoint;
    private final PostgresServer standbyEndpoint;

    private StreamingReplicaPostgres(
            Path directory, EmbeddedPostgres primary, EmbeddedPostgres standby, int primaryPort, int standbyPort) {
        this.directory = directory;
        this.primary = primary;
        this.standby = standby;
        this.primaryEndpoint = new PostgresEndpoint("localhost", primaryPort, SUPERUSER, SUPERUSER, "postgres");
        this.standbyEndpoint = new PostgresEndpoint("localhost", standbyPort, SUPERUSER, SUPERUSER, "postgres");
    }

    /** Starts the primary, clones it into the standby and starts both (a few seconds). */
    public static StreamingReplicaPostgres start() {
        Path directory = null;
        EmbeddedPostgres primary = null;
        try {
            directory = Files.createTempDirectory("streaming-replica");
            Path primaryData = directory.resolve("primary");
            Path standbyData = directory.resolve("standby");
            int primaryPort = freePort();
            int standbyPort = freePort();
            // initdb, then a clean shutdown: its data directory is now a consistent base backup
            startOn(primaryData, primaryPort).close();
            copy(primaryData, standbyData);
            Files.deleteIfExists(standbyData.resolve("postmaster.pid"));
            Files.createFile(standbyData.resolve("standby.signal"));
            Files.writeString(
                    standbyData.resolve("postgresql.auto.conf"),
                    "primary_conninfo = 'host=localhost port=" + primaryPort + " user=" + SUPERUSER
                            + " application_name=standby'\nhot_standby = on\n",
                    StandardOpenOption.APPEND);
            primary = startOn(primaryData, primaryPort);
            EmbeddedPostgres standby = startOn(standbyData, standbyPort);
            return new StreamingReplicaPostgres(directory, primary, standby, primaryPort, standbyPort);
        } catch (IOException | RuntimeException e) {
            closeQuietly(primary);
            delete(directory);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** The primary: read-write, with permission to create databases. */
    public PostgresServer primary() {
        return primaryEndpoint;
    }

    /** The hot standby: read-only, the primary's databases under the same names. */
    public PostgresServer standby() {
        return standbyEndpoint;
    }

    /** Stops applying WAL on the standby (it keeps receiving it): from now on it falls behind the primary. */
    public void pauseReplay() {
        onStandby("SELECT pg_wal_replay_pause()");
    }

    /** Applies WAL again: the standby catches up. */
    public void resumeReplay() {
        onStandby("SELECT pg_wal_replay_resume()");
    }

    /** Bytes of the primary's durable WAL that the standby has not replayed yet (0 once it has caught up). */
    public long replayLagBytes() {
        try {
            String written;
            try (var connection = primaryEndpoint.connect("postgres");
                    var statement = connection.createStatement();
                    var row = statement.executeQuery("SELECT pg_current_wal_flush_lsn()::text")) {
                row.next();
                written = row.getString(1);
            }
            return standbyEndpoint.count(
                    "postgres",
                    "SELECT greatest(0, pg_wal_lsn_diff('" + written + "'::pg_lsn, pg_last_wal_replay_lsn()))::bigint");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        closeQuietly(standby);
        closeQuietly(primary);
        delete(directory);
    }

    private void onStandby(String sql) {
        try {
            standbyEndpoint.execute("postgres", sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static EmbeddedPostgres startOn(Path data, int port) throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false) // zonky runs initdb only for a directory without postgresql.conf
                .setPort(port)
                .setRegisterShutdownHook(true)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("fsync", "off")
                // zonky's default is off; PostgreSQL's (and production's) is on: a commit is in the WAL when it returns
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("wal_level", "replica")
                .setServerConfig("max_wal_senders", "4")
                // the standby starts from the last checkpoint: keep the WAL since then even if it is slow to connect
                .setServerConfig("wal_keep_size", "256MB")
                .start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path));
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
        // PostgreSQL refuses a data directory others may read
        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwx------"));
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException | RuntimeException ignored) {
            // best effort: the directory goes anyway
        }
    }

    private static void delete(Path directory) {
        if (directory == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is not worth failing a test for
        }
    }
}

package io.securityexport.export.day;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.securityexport.export.WorkerProperties;
import io.securityexport.testsupport.PostgresServer;
import io.securityexport.testsupport.StreamingReplicaPostgres;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

/**
 * Days read from a real streaming replica ({@link StreamingReplicaPostgres}: a hot standby streaming the primary's
 * WAL). Replay is paused on the standby to make it lag on purpose; the rows written meanwhile are the "late rows" of
 * a day that a replica read too early would miss. Every file here must hold them.
 */
class ReplicaReadIntegrationTest {

    private static final LocalDate DAY = LocalDate.parse("2026-05-04");

    private static StreamingReplicaPostgres servers;
    private static String database;
    private static HikariDataSource primary;

    private SimpleMeterRegistry meters;
    private CopyConnections connections;

    @BeforeAll
    static void aPrimaryWithADayAndAReplicaOfIt() throws SQLException {
        servers = StreamingReplicaPostgres.start();
        database = servers.primary().createDatabase("replica_read");
        primary = pool(servers.primary().jdbcUrl(database));
        Flyway.configure()
                .dataSource(primary)
                .schemas("ingest")
                .defaultSchema("ingest")
                // the ingest service's own migrations, read from its sources (Maven runs tests in the module folder)
                .locations("filesystem:../ingest-service/src/main/resources/db/migration/ingest")
                .load()
                .migrate();
        try (Connection connection = primary.getConnection()) {
            connection
                    .createStatement()
                    .execute("CREATE TABLE ingest.security_events_replica PARTITION OF ingest.security_events"
                            + " FOR VALUES FROM ('" + DAY + "') TO ('" + DAY.plusDays(1) + "')");
        }
    }

    @AfterAll
    static void stop() {
        if (primary != null) {
            primary.close();
        }
        if (servers != null) {
            servers.close();
        }
    }

    @AfterEach
    void replayGoesOn() {
        servers.resumeReplay();
        if (connections != null) {
            connections.close();
        }
    }

    @Test
    void aReplicaThatHasReplayedThePrimarysWalServesTheDay() throws SQLException {
        insert("co-caught-up", "early-1", "early-2");
        awaitCaughtUp();
        useReplica(servers.standby().jdbcUrl(database), Duration.ofSeconds(10));

        assertThat(eventIdsOf(read("co-caught-up"))).containsExactly("early-1", "early-2");
        assertThat(replicaReads()).isEqualTo(1);
        assertThat(fallbacks()).isZero();
        assertThat(lagBytes()).isZero();
    }

    @Test
    void anIdlePrimaryDoesNotKeepTheReplicaFromServing() throws SQLException {
        insert("co-idle", "early-1");
        awaitCaughtUp();
        useReplica(servers.standby().jdbcUrl(database), Duration.ofSeconds(10));

        // nothing is written between the days: the replica's last replayed transaction grows old, yet it is current
        for (int day = 0; day < 3; day++) {
            assertThat(eventIdsOf(read("co-idle"))).containsExactly("early-1");
        }
        assertThat(replicaReads()).isEqualTo(3);
        assertThat(fallbacks()).isZero();
    }

    @Test
    void aLaggingReplicaIsWaitedForAndThenServesTheDayWithItsLateRows() throws SQLException {
        insert("co-waits", "early-1");
        awaitCaughtUp();
        servers.pauseReplay();
        insert("co-waits", "late-1", "late-2");
        useReplica(servers.standby().jdbcUrl(database), Duration.ofMinutes(2));

        CompletableFuture<String> file = readLater("co-waits");
        await().atMost(Duration.ofSeconds(30))
                .alias("the read waits, seeing the replica behind")
                .until(() -> lagBytes() > 0);
        assertThat(file).as("no file while the replica is behind").isNotDone();

        servers.resumeReplay();

        await().atMost(Duration.ofSeconds(30)).until(file::isDone);
        assertThat(eventIdsOf(file.join())).containsExactly("early-1", "late-1", "late-2");
        assertThat(replicaReads()).as("read from the replica once it caught up").isEqualTo(1);
        assertThat(fallbacks()).isZero();
    }

    @Test
    void aReplicaStillBehindAfterTheWaitIsPassedOverForThePrimary() throws SQLException {
        insert("co-behind", "early-1");
        awaitCaughtUp();
        servers.pauseReplay();
        insert("co-behind", "late-1");
        useReplica(servers.standby().jdbcUrl(database), Duration.ofSeconds(1));

        assertThat(eventIdsOf(read("co-behind"))).containsExactly("early-1", "late-1");
        assertThat(replicaReads()).isZero();
        assertThat(fallbacks("behind")).isEqualTo(1);
        assertThat(lagBytes()).isPositive();
    }

    @Test
    void anUnreachableReplicaIsPassedOverForThePrimary() throws SQLException {
        insert("co-unreachable", "early-1");
        useReplica("jdbc:postgresql://localhost:1/" + database, Duration.ofSeconds(2));

        assertThat(eventIdsOf(read("co-unreachable"))).containsExactly("early-1");
        assertThat(fallbacks("unreachable")).isEqualTo(1);

        // the next day does not try the replica again (and wait for it) so soon
        assertThat(eventIdsOf(read("co-unreachable"))).containsExactly("early-1");
        assertThat(fallbacks("unreachable")).isEqualTo(1);
        assertThat(fallbacks("recent_fallback")).isEqualTo(1);
    }

    @Test
    void aServerThatIsNoStandbyIsPassedOverForThePrimary() throws SQLException {
        insert("co-not-standby", "early-1");
        // positions of a server that replays nothing are not comparable with the primary's: never trust them
        useReplica(servers.primary().jdbcUrl(database), Duration.ofSeconds(2));

        assertThat(eventIdsOf(read("co-not-standby"))).containsExactly("early-1");
        assertThat(fallbacks("not_a_standby")).isEqualTo(1);
    }

    private void useReplica(String url, Duration maxWait) {
        meters = new SimpleMeterRegistry();
        WorkerProperties.Replica settings =
                new WorkerProperties.Replica(url, null, null, maxWait, Duration.ofMillis(100), Duration.ofMinutes(1));
        HikariConfig replica = config(url);
        replica.setInitializationFailTimeout(-1);
        replica.setConnectionTimeout(maxWait.toMillis());
        connections = CopyConnections.withReplica(primary, new HikariDataSource(replica), settings, meters);
    }

    private String read(String company) {
        return readLater(company).join();
    }

    private CompletableFuture<String> readLater(String company) {
        return new DayCsv(connections, Schedulers.boundedElastic())
                .parts(company, DAY, new CsvParts(1024 * 1024, false, 64 * 1024))
                .reduce(new ByteArrayOutputStream(), (file, part) -> {
                    file.writeBytes(part.bytes());
                    return file;
                })
                .map(file -> file.toString(StandardCharsets.UTF_8))
                .toFuture();
    }

    private static List<String> eventIdsOf(String csv) {
        // the event name column carries the event ID here (see insert); skip the header
        return csv.lines().skip(1).map(line -> line.split(",")[3]).toList();
    }

    private static void insert(String company, String... eventIds) throws SQLException {
        Instant at = Instant.parse("2026-05-04T12:00:00Z");
        try (Connection connection = primary.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO ingest.security_events (received_day, company_id, event_id, received_at,
                            occurred_at, event_name, actor_developer_id, actor_email, other_account, properties)
                        VALUES (?, ?, ?, now(), ?, ?, 'dev-1', 'someone@example.com', NULL, NULL)
                        """)) {
            for (int i = 0; i < eventIds.length; i++) {
                insert.setObject(1, DAY);
                insert.setString(2, company);
                insert.setString(3, eventIds[i]);
                insert.setTimestamp(4, Timestamp.from(at.plusSeconds(i)));
                insert.setString(5, eventIds[i]);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void awaitCaughtUp() {
        await().atMost(Duration.ofSeconds(30)).until(() -> servers.replayLagBytes() == 0);
    }

    private long replicaReads() {
        return (long) meters.counter("export.replica.reads").count();
    }

    private long fallbacks() {
        return (long) meters.find("export.replica.fallbacks").counters().stream()
                .mapToDouble(counter -> counter.count())
                .sum();
    }

    private long fallbacks(String reason) {
        return (long)
                meters.counter("export.replica.fallbacks", "reason", reason).count();
    }

    private double lagBytes() {
        return meters.get("export.replica.lag").gauge().value();
    }

    private static HikariDataSource pool(String url) {
        return new HikariDataSource(config(url));
    }

    private static HikariConfig config(String url) {
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(url);
        PostgresServer server = servers.primary();
        pool.setUsername(server.username());
        pool.setPassword(server.password());
        pool.setMaximumPoolSize(2);
        return pool;
    }
}

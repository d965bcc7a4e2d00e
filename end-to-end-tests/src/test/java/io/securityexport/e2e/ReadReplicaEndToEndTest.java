package io.securityexport.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.securityexport.localstack.RunningServices;
import io.securityexport.testsupport.AccessKey;
import io.securityexport.testsupport.StreamingReplicaPostgres;
import io.securityexport.testsupport.TestResources;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The whole system on a PostgreSQL primary with a real streaming replica that the worker reads days from. Replay is
 * paused on the replica to make it lag: rows written meanwhile are the late rows of the day that an export read from
 * the replica too early would miss. They are in the file every time.
 */
class ReadReplicaEndToEndTest {

    private static StreamingReplicaPostgres servers;
    private static SystemUnderTest system;
    private static String bucket;
    private static AccessKey customerKey;

    @BeforeAll
    static void aSystemReadingDaysFromAReplica() {
        servers = StreamingReplicaPostgres.start();
        system = new SystemUnderTest(
                "replica",
                RunningServices.Options.defaults()
                        .withWorkerProperties(Map.of(
                                "security-export.worker.copy-database.replica.max-wait", "20s",
                                // every export here asks the replica, whatever the one before found
                                "security-export.worker.copy-database.replica.skip-after-fallback", "0s")),
                servers.primary(),
                servers.standby());
        bucket = TestResources.uniqueName("replica-audit");
        system.infrastructure.s3().createBucket(bucket);
        customerKey = system.infrastructure.s3().createUser("replica");
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
        if (servers != null) {
            servers.close();
        }
    }

    @AfterEach
    void replayGoesOn() {
        servers.resumeReplay();
    }

    @Test
    void aDayWhoseLateRowsTheReplicaHasNotReplayedWaitsForItAndHoldsThem() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        insertRows("waits-co", today, 20);
        system.saveAccessKeySettings(
                "waits-co", bucket, customerKey.accessKeyId(), customerKey.secretAccessKey(), false);
        double readsBefore = metric("export_replica_reads_total", "");
        JsonNode caughtUp = system.exportAndAwait("waits-co", today);
        assertThat(caughtUp.get("status").asString()).as(caughtUp.toString()).isEqualTo("SUCCEEDED");
        assertThat(metric("export_replica_reads_total", ""))
                .as("a replica that has caught up serves the day")
                .isEqualTo(readsBefore + 1);
        assertThat(metric("export_replica_lag_bytes", "")).isZero();
        servers.pauseReplay();
        insertLateRows("waits-co", today, 5);

        String jobId = system.requestExport("waits-co", today);
        await().atMost(Duration.ofSeconds(15))
                .alias("the worker sees the replica behind and waits")
                .until(() -> metric("export_replica_lag_bytes", "") > 0);
        assertThat(system.finishedRun("waits-co", jobId))
                .as("no result while the replica is behind")
                .isNull();
        servers.resumeReplay();
        JsonNode run = system.awaitFinishedRun("waits-co", jobId, Duration.ofSeconds(60));

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(lateLines(run)).hasSize(5);
        assertThat(metric("export_replica_reads_total", "")).isEqualTo(readsBefore + 2);
    }

    @Test
    void aReplicaThatStaysBehindIsPassedOverForThePrimaryAndTheFileHoldsTheLateRows() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        insertRows("behind-co", today, 20);
        system.saveAccessKeySettings(
                "behind-co", bucket, customerKey.accessKeyId(), customerKey.secretAccessKey(), false);
        double fallbacksBefore = metric("export_replica_fallbacks_total", "reason=\"behind\"");
        await().atMost(Duration.ofSeconds(30)).until(() -> servers.replayLagBytes() == 0);
        servers.pauseReplay();
        insertLateRows("behind-co", today, 3);

        JsonNode run = system.exportAndAwait("behind-co", today);

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(lateLines(run)).hasSize(3);
        assertThat(metric("export_replica_fallbacks_total", "reason=\"behind\""))
                .isEqualTo(fallbacksBefore + 1);
    }

    private static List<String> lateLines(JsonNode run) {
        byte[] object = system.infrastructure
                .s3()
                .getObject(bucket, run.get("objectKey").asString());
        return new String(object, StandardCharsets.UTF_8)
                .lines()
                .filter(line -> line.contains(",Late Event,"))
                .toList();
    }

    private static void insertRows(String company, LocalDate day, int rows) throws Exception {
        try (Connection connection = system.database()) {
            new GeneratedDay(company, day, rows).insert(connection);
        }
    }

    /** Rows of the day committed on the primary after the replica stopped replaying. */
    private static void insertLateRows(String company, LocalDate day, int rows) throws Exception {
        try (Connection connection = system.database();
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO ingest.security_events (received_day, company_id, event_id, received_at,
                                                            occurred_at, event_name, actor_developer_id, actor_email)
                        SELECT ?::date, ?, 'late-' || g, now(), now(), 'Late Event', 'dev-late', 'late@acme.io'
                          FROM generate_series(1, ?) AS g""")) {
            insert.setString(1, day.toString());
            insert.setString(2, company);
            insert.setInt(3, rows);
            insert.executeUpdate();
        }
    }

    /** A worker metric's value (0 before it exists), the series whose labels include {@code label} if given. */
    private static double metric(String name, String label) {
        Matcher value = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*" + Pattern.quote(label) + "[^}]*\\})? (\\S+)$")
                .matcher(system.workerMetrics());
        return value.find() ? Double.parseDouble(value.group(1)) : 0;
    }
}

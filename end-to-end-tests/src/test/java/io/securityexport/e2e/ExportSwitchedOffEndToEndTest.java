package io.securityexport.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.securityexport.common.export.ExportJob;
import io.securityexport.common.export.ExportMessages;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Off means off: a job queued before its company's export was switched off (or deleted) reaches a worker that writes
 * nothing and answers CANCELLED; switching the export on again delivers the days it still owes.
 */
class ExportSwitchedOffEndToEndTest {

    @RegisterExtension
    static final EndToEndSystem E2E = EndToEndSystem.named("switched-off");

    @Test
    void aJobQueuedBeforeTheExportWasSwitchedOffIsCancelledWithoutWritingAndSwitchingItOnDeliversTheOwedDays()
            throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate yesterday = today.minusDays(1);
        insertRows("off-co", today, 20);
        // yesterday has no events here (its partition is not created in this system): a header-only file then
        E2E.system()
                .saveAccessKeySettings(
                        "off-co",
                        E2E.bucket(),
                        E2E.customerKey().accessKeyId(),
                        E2E.customerKey().secretAccessKey(),
                        false);
        // yesterday failed earlier (the customer's bucket policy was broken, say) and waits for its retry
        UUID failed = insertRun("off-co", yesterday, "FAILED", "AccessDenied");

        var off = E2E.system().updateSettings("off-co", settings(false), "\"1\"");
        assertThat(off.statusCode()).as(off.body()).isEqualTo(200);
        // a job the config service had queued before the switch, reaching a worker only now
        UUID queued = insertRun("off-co", today, "REQUESTED", null);
        E2E.infrastructure()
                .kafka()
                .publish(
                        E2E.system().topics.exportJobs(),
                        "off-co",
                        List.of(ExportMessages.toJson(
                                new ExportJob(queued, "off-co", today, ExportJob.Trigger.BACKFILL, Instant.now()))));

        JsonNode cancelled = E2E.system().awaitFinishedRun("off-co", queued.toString(), Duration.ofSeconds(90));

        assertThat(cancelled.get("status").asString()).as(cancelled.toString()).isEqualTo("CANCELLED");
        assertThat(cancelled.get("errorCode").asString()).isEqualTo("EXPORT_DISABLED");
        assertThat(cancelled.get("errorMessage").asString())
                .contains("switched off")
                .contains("nothing was written");
        assertNothingWritten("off-co");
        assertThat(E2E.system().get("off-co", "/health").get("status").asString())
                .isEqualTo("DISABLED");

        var on = E2E.system().updateSettings("off-co", settings(true), "\"2\"");
        assertThat(on.statusCode()).as(on.body()).isEqualTo(200);

        // no request: switching on re-queued the failed day and the cancelled one
        JsonNode failedDay = E2E.system().awaitAnotherRun("off-co", yesterday, Set.of(failed.toString()));
        assertThat(failedDay.get("status").asString()).as(failedDay.toString()).isEqualTo("SUCCEEDED");
        assertThat(failedDay.get("trigger").asString()).isEqualTo("RETRY");
        JsonNode cancelledDay = E2E.system().awaitAnotherRun("off-co", today, Set.of(queued.toString()));
        assertThat(cancelledDay.get("status").asString())
                .as(cancelledDay.toString())
                .isEqualTo("SUCCEEDED");
        assertThat(E2E.infrastructure().s3().listKeys(E2E.bucket()))
                .filteredOn(key -> key.contains("off-co"))
                .hasSize(2);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(E2E.system()
                                .get("off-co", "/health")
                                .get("status")
                                .asString())
                        .isEqualTo("HEALTHY"));
    }

    @Test
    void aJobQueuedBeforeTheSettingsWereDeletedIsCancelledWithoutWriting() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        insertRows("gone-co", today, 10);
        E2E.system()
                .saveAccessKeySettings(
                        "gone-co",
                        E2E.bucket(),
                        E2E.customerKey().accessKeyId(),
                        E2E.customerKey().secretAccessKey(),
                        false);
        var deleted = E2E.system().deleteSettings("gone-co");
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
        UUID queued = insertRun("gone-co", today, "REQUESTED", null);
        E2E.infrastructure()
                .kafka()
                .publish(
                        E2E.system().topics.exportJobs(),
                        "gone-co",
                        List.of(ExportMessages.toJson(
                                new ExportJob(queued, "gone-co", today, ExportJob.Trigger.BACKFILL, Instant.now()))));

        // the run history API needs settings; the run itself is still recorded
        await().atMost(Duration.ofSeconds(90))
                .untilAsserted(() -> assertThat(statusOf(queued)).isEqualTo("CANCELLED NOT_CONFIGURED"));
        assertNothingWritten("gone-co");
    }

    private static void assertNothingWritten(String company) {
        assertThat(E2E.infrastructure().s3().listKeys(E2E.bucket())).noneMatch(key -> key.contains(company));
        assertThat(E2E.infrastructure()
                        .s3()
                        .client()
                        .listMultipartUploads(list -> list.bucket(E2E.bucket()))
                        .uploads())
                .as("no multipart upload was even started")
                .noneMatch(upload -> upload.key().contains(company));
    }

    private static String settings(boolean enabled) {
        return """
                {"enabled":%s,"bucket":"%s","credentials":{"method":"ACCESS_KEY","accessKeyId":"%s"}}""".formatted(enabled, E2E.bucket(), E2E.customerKey().accessKeyId());
    }

    /** A run as the config service records it (already published, so its relay leaves it alone). */
    private static UUID insertRun(String company, LocalDate day, String status, String errorCode) throws Exception {
        UUID job = UUID.randomUUID();
        String finished = "FAILED".equals(status) ? "now()" : "NULL";
        try (Connection connection = E2E.system().database();
                Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO config.export_runs (job_id, company_id, day, trigger, status, requested_at,"
                    + " published_at, finished_at, error_code) VALUES ('" + job + "', '" + company + "', '" + day
                    + "', 'BACKFILL', '" + status + "', now(), now(), " + finished + ", "
                    + (errorCode == null ? "NULL" : "'" + errorCode + "'") + ")");
        }
        return job;
    }

    private static String statusOf(UUID job) throws Exception {
        try (Connection connection = E2E.system().database();
                ResultSet row = connection
                        .createStatement()
                        .executeQuery("SELECT status || ' ' || coalesce(error_code, '') FROM config.export_runs"
                                + " WHERE job_id = '" + job + "'")) {
            return row.next() ? row.getString(1) : null;
        }
    }

    private static void insertRows(String company, LocalDate day, int rows) throws Exception {
        try (Connection connection = E2E.system().database()) {
            new GeneratedDay(company, day, rows).insert(connection);
        }
    }
}

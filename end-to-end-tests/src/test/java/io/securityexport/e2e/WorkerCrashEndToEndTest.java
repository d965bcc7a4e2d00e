package io.securityexport.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.securityexport.localstack.RunningServices;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import tools.jackson.databind.JsonNode;

/**
 * A worker process killed with SIGKILL in the middle of a multipart upload: no abort, no lock release, no goodbye to
 * its consumer group. The job it held must be redelivered to another worker, which must clean up the half-written
 * upload and deliver the whole day as one object, byte for byte.
 */
class WorkerCrashEndToEndTest {

    private static final String COMPANY = "crash-co";
    /** About 32 MB of CSV (GeneratedDay): six or seven parts of 5 MiB, so the first worker is killed with parts to go. */
    private static final int ROWS = 175_000;

    private static final Map<String, String> WORKER_SETTINGS = Map.of(
            "security-export.worker.upload.part-size", "5MB",
            // the group notices a dead member after 6 s rather than the default 45 s
            "spring.kafka.consumer.properties.session.timeout.ms", "6000",
            "spring.kafka.consumer.properties.heartbeat.interval.ms", "1000");

    @RegisterExtension
    static final EndToEndSystem E2E = EndToEndSystem.named("crash")
            // the job must reach the worker this test kills, so no worker runs inside this JVM
            .with(() -> RunningServices.Options.defaults().withoutExportWorker());

    private final List<WorkerProcess> workers = new ArrayList<>();

    @AfterEach
    void killTheWorkers() {
        workers.forEach(WorkerProcess::close);
    }

    @Test
    void aWorkerKilledMidUploadLeavesTheDayToAnotherWorkerWhichDeliversItWholeAsOneObject() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        GeneratedDay day = new GeneratedDay(COMPANY, today, ROWS);
        try (Connection connection = E2E.system().database()) {
            day.insert(connection);
        }
        putSettings();
        String key = "security-events/" + today.toString().replace('-', '/') + "/security-events-" + COMPANY + "-"
                + today + ".csv";
        WorkerProcess first = startWorker("first");

        String jobId = E2E.system().requestExport(COMPANY, today);
        MultipartUpload inProgress = await("an upload of the day by " + first)
                .atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> uploadWithParts(key, first), upload -> upload != null);
        first.kill();

        assertThat(uploadsOf(key))
                .as("killed mid-upload: the upload is still open")
                .extracting(MultipartUpload::uploadId)
                .containsExactly(inProgress.uploadId());
        assertThat(objectExists(key)).as("killed mid-upload: no object yet").isFalse();

        startWorker("second");
        JsonNode run = E2E.system().awaitFinishedRun(COMPANY, jobId, Duration.ofSeconds(180));

        byte[] expected = expectedCsv(day);
        String sha256 =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(expected));
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("objectKey").asString()).isEqualTo(key);
        byte[] object = E2E.infrastructure().s3().getObject(E2E.bucket(), key);
        assertSameBytes(object, expected);
        assertThat(run.get("rows").asLong())
                .as("the rows and the settings change")
                .isEqualTo(ROWS + 1);
        assertThat(run.get("bytes").asLong()).isEqualTo(expected.length);
        assertThat(run.get("sha256").asString()).isEqualTo(sha256);
        assertThat(E2E.infrastructure()
                        .s3()
                        .client()
                        .headObject(head -> head.bucket(E2E.bucket()).key(key))
                        .metadata())
                .containsEntry("sha256", sha256);
        assertThat(E2E.infrastructure().s3().listKeys(E2E.bucket())).containsExactly(key);
        assertThat(uploadsOf(key))
                .as("the killed worker's upload was aborted, the new one completed")
                .isEmpty();
        assertThat(runsOfDay(today))
                .as("the run history of the day")
                .singleElement()
                .satisfies(only -> {
                    assertThat(only.get("jobId").asString()).isEqualTo(jobId);
                    assertThat(only.get("status").asString()).isEqualTo("SUCCEEDED");
                });
    }

    private WorkerProcess startWorker(String name) {
        Path log = Path.of("target", "worker-processes", getClass().getSimpleName() + "-" + name + ".log");
        WorkerProcess worker = WorkerProcess.start(E2E.system().settings, WORKER_SETTINGS, log);
        workers.add(worker);
        return worker;
    }

    /** The open upload of the key once at least one part is in, or null; fails at once if the worker died. */
    private static MultipartUpload uploadWithParts(String key, WorkerProcess worker) {
        assertThat(worker.isAlive()).as("%s is running", worker).isTrue();
        for (MultipartUpload upload : uploadsOf(key)) {
            if (!E2E.infrastructure()
                    .s3()
                    .client()
                    .listParts(list -> list.bucket(E2E.bucket()).key(key).uploadId(upload.uploadId()))
                    .parts()
                    .isEmpty()) {
                return upload;
            }
        }
        return null;
    }

    private static List<MultipartUpload> uploadsOf(String key) {
        return E2E
                .infrastructure()
                .s3()
                .client()
                .listMultipartUploads(list -> list.bucket(E2E.bucket()).prefix(key))
                .uploads()
                .stream()
                .filter(upload -> upload.key().equals(key))
                .toList();
    }

    private static boolean objectExists(String key) {
        try {
            E2E.infrastructure()
                    .s3()
                    .client()
                    .headObject(head -> head.bucket(E2E.bucket()).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private static List<JsonNode> runsOfDay(LocalDate day) {
        List<JsonNode> runs = new ArrayList<>();
        E2E.system().get(COMPANY, "/runs").forEach(run -> {
            if (run.get("day").asString().equals(day.toString())) {
                runs.add(run);
            }
        });
        return runs;
    }

    private static void putSettings() throws Exception {
        E2E.system()
                .saveAccessKeySettings(
                        COMPANY,
                        E2E.bucket(),
                        E2E.customerKey().accessKeyId(),
                        E2E.customerKey().secretAccessKey(),
                        false);
        // saving was itself a security event of the company; the file of today holds it once it is stored
        await().atMost(Duration.ofSeconds(60)).until(() -> settingsChangeLine() != null);
    }

    /** The contract's CSV of the inserted rows, written here independently of the worker, plus the settings change. */
    /** The generated rows, then the settings change (it happened today, after them in CreatedAt order). */
    private static byte[] expectedCsv(GeneratedDay day) throws Exception {
        ByteArrayOutputStream csv = new ByteArrayOutputStream(day.rows() * 200);
        csv.writeBytes(day.expectedCsv());
        csv.writeBytes(settingsChangeLine().getBytes(StandardCharsets.UTF_8));
        return csv.toByteArray();
    }

    /**
     * The settings change as a CSV line, from its stored columns (its time and properties are only known there);
     * the admin has no dashboard-users entry, so CurrentEmail is the developer ID.
     */
    private static String settingsChangeLine() throws Exception {
        try (Connection connection = E2E.system().database();
                ResultSet rows = connection
                        .createStatement()
                        .executeQuery(
                                "SELECT to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), actor_email,"
                                        + " actor_developer_id, event_name, properties FROM ingest.security_events"
                                        + " WHERE company_id = '" + COMPANY
                                        + "' AND event_name = 'Updated Security Event Cloud Export'")) {
            if (!rows.next()) {
                return null;
            }
            return rows.getString(1) + "," + rows.getString(2) + "," + rows.getString(3) + "," + rows.getString(4)
                    + ",," + quoted(rows.getString(5)) + ",1\n";
        }
    }

    private static String quoted(String field) {
        return "\"" + field.replace("\"", "\"\"") + "\"";
    }

    /** Byte for byte; on a difference, shows where instead of two 32 MB arrays. */
    private static void assertSameBytes(byte[] actual, byte[] expected) {
        int mismatch = Arrays.mismatch(actual, expected);
        assertThat(mismatch)
                .as(() -> "first differing byte of the object (" + actual.length + " bytes, expected "
                        + expected.length + "): object has «" + around(actual, mismatch) + "», expected «"
                        + around(expected, mismatch) + "»")
                .isEqualTo(-1);
    }

    private static String around(byte[] bytes, int index) {
        int from = Math.max(0, index - 200);
        int to = Math.min(bytes.length, index + 200);
        return from >= to ? "" : new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }
}

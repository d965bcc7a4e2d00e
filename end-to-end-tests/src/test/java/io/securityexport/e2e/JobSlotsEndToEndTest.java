package io.securityexport.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.securityexport.export.WorkerApplication;
import io.securityexport.localstack.RunningServices;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;
import tools.jackson.databind.JsonNode;

/**
 * Export jobs taken as a Kafka share group (the default job consumption) from a job topic of ONE partition: a job goes
 * to whichever slot of any worker is free, so one company's long export holds one slot, not the partition, and more
 * workers than partitions all get jobs. A company-day's export is held back here by holding its day lock (the
 * PostgreSQL advisory lock every export of that day takes), as a long export of the same day would.
 */
class JobSlotsEndToEndTest {

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @RegisterExtension
    static final EndToEndSystem E2E = EndToEndSystem.named("slots")
            // the workers are started by each test, with its own number of slots
            .with(() -> RunningServices.Options.defaults().withoutExportWorker())
            .withJobPartitions(1);

    private final List<ConfigurableApplicationContext> workers = new ArrayList<>();

    @AfterEach
    void stopTheWorkers() {
        workers.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void threeSlotsOfOneWorkerExportThreeCompaniesAtOnceFromOnePartition() throws Exception {
        settingsFor("slot-a", "slot-b", "slot-c");
        startWorker(Map.of("WORKER_CONCURRENCY", "3"));

        String b;
        String c;
        String a;
        try (Connection lock = holdDayLock("slot-a")) {
            a = E2E.system().requestExport("slot-a", TODAY);
            awaitAnExportWaitingForItsDay();
            b = E2E.system().requestExport("slot-b", TODAY);
            c = E2E.system().requestExport("slot-c", TODAY);

            assertThat(E2E.system()
                            .awaitFinishedRun("slot-b", b, Duration.ofSeconds(90))
                            .get("status")
                            .asString())
                    .isEqualTo("SUCCEEDED");
            assertThat(E2E.system()
                            .awaitFinishedRun("slot-c", c, Duration.ofSeconds(90))
                            .get("status")
                            .asString())
                    .isEqualTo("SUCCEEDED");
            assertThat(statusOf("slot-a", a))
                    .as("slot-a's job, first on the partition, still holds its slot")
                    .isEqualTo("REQUESTED");
        }
        assertThat(E2E.system()
                        .awaitFinishedRun("slot-a", a, Duration.ofSeconds(90))
                        .get("status")
                        .asString())
                .isEqualTo("SUCCEEDED");
    }

    @Test
    void twoWorkersOnOnePartitionBothGetJobs() throws Exception {
        settingsFor("both-d", "both-e");
        ConfigurableApplicationContext first = startWorker(Map.of("WORKER_CONCURRENCY", "1"));
        ConfigurableApplicationContext second = startWorker(Map.of("WORKER_CONCURRENCY", "1"));

        String d;
        try (Connection lock = holdDayLock("both-d")) {
            d = E2E.system().requestExport("both-d", TODAY);
            awaitAnExportWaitingForItsDay();
            String e = E2E.system().requestExport("both-e", TODAY);
            assertThat(E2E.system()
                            .awaitFinishedRun("both-e", e, Duration.ofSeconds(90))
                            .get("status")
                            .asString())
                    .as("the other worker's slot took the next job of the partition")
                    .isEqualTo("SUCCEEDED");
        }
        assertThat(E2E.system()
                        .awaitFinishedRun("both-d", d, Duration.ofSeconds(90))
                        .get("status")
                        .asString())
                .isEqualTo("SUCCEEDED");
        assertThat(List.of(jobsDone(first), jobsDone(second)))
                .as("jobs exported by each of the two workers")
                .containsExactly(1.0, 1.0);
    }

    @Test
    void aJobWhoseWorkerStopsWithoutAnsweringGoesToAnotherWorkerAndTheDayIsWrittenOnce() throws Exception {
        settingsFor("stop-f");
        ConfigurableApplicationContext first = startWorker(Map.of("WORKER_CONCURRENCY", "1"));

        String f;
        ConfigurableApplicationContext second;
        try (Connection lock = holdDayLock("stop-f")) {
            f = E2E.system().requestExport("stop-f", TODAY);
            awaitAnExportWaitingForItsDay();
            // the worker goes away with the job unanswered: its share consumer closes, the broker takes the job back
            first.close();
            second = startWorker(Map.of("WORKER_CONCURRENCY", "1"));
            awaitAnExportWaitingForItsDay();
        }
        JsonNode run = E2E.system().awaitFinishedRun("stop-f", f, Duration.ofSeconds(120));

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(jobsDone(second)).as("the second worker exported the job").isEqualTo(1.0);
        String key = run.get("objectKey").asString();
        assertThat(E2E.infrastructure().s3().listKeys(E2E.bucket()))
                .filteredOn(listed -> listed.contains("stop-f"))
                .containsExactly(key);
        assertThat(E2E.infrastructure()
                        .s3()
                        .client()
                        .headObject(head -> head.bucket(E2E.bucket()).key(key))
                        .metadata())
                .as("written by that job")
                .containsEntry("job-id", f);
        assertThat(runsOf("stop-f")).as("the run history").singleElement();
    }

    @Test
    void aJobDeliveredAsOftenAsTheLimitWithoutAResultIsReportedFailed() throws Exception {
        settingsFor("limit-g");
        // each delivery waits 3 s for the held day, gives the job back, and the second is the limit
        startWorker(Map.of(
                "WORKER_CONCURRENCY", "1",
                "WORKER_JOB_TIMEOUT", "3s",
                "security-export.worker.share.delivery-limit", "2"));

        try (Connection lock = holdDayLock("limit-g")) {
            String g = E2E.system().requestExport("limit-g", TODAY);
            JsonNode run = E2E.system().awaitFinishedRun("limit-g", g, Duration.ofSeconds(90));

            assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("FAILED");
            assertThat(run.get("errorCode").asString()).isEqualTo("DELIVERY_LIMIT");
            assertThat(run.get("errorMessage").asString())
                    .startsWith("the export job was delivered 2 times to workers without a result");
        }
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aJobWhoseExportOutlivesItsRecordLockGoesToAnotherSlotAndTheDayIsWrittenOnce(CapturedOutput output)
            throws Exception {
        settingsFor("expiry-h", "expiry-i", "expiry-j");
        // the broker's shortest record lock (group.share.min.record.lock.duration.ms, 15 s by default), as a stand-in
        // for the 1 h of production; both workers set it on the group at start
        Map<String, String> shortLock =
                Map.of("WORKER_CONCURRENCY", "1", "security-export.worker.share.record-lock-duration", "15s");
        ConfigurableApplicationContext first = startWorker(shortLock);

        String h;
        ConfigurableApplicationContext second;
        try (Connection lock = holdDayLock("expiry-h")) {
            h = E2E.system().requestExport("expiry-h", TODAY);
            awaitExportsWaitingForTheirDay(1);
            second = startWorker(shortLock);
            // the first export still waits; once its lock has expired the broker delivers the job to the other slot
            awaitExportsWaitingForTheirDay(2);
        }
        JsonNode run = E2E.system().awaitFinishedRun("expiry-h", h, Duration.ofSeconds(60));
        await("both deliveries finished")
                .atMost(Duration.ofSeconds(30))
                .until(() -> jobsDone(first) == 1.0 && jobsDone(second) == 1.0);

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(redelivered(first) + redelivered(second))
                .as("exports that found the day already written by this job instead of writing it")
                .isEqualTo(1.0);
        String key = run.get("objectKey").asString();
        assertThat(E2E.infrastructure().s3().listKeys(E2E.bucket()))
                .filteredOn(listed -> listed.contains("expiry-h"))
                .containsExactly(key);
        assertThat(E2E.infrastructure()
                        .s3()
                        .client()
                        .headObject(head -> head.bucket(E2E.bucket()).key(key))
                        .metadata())
                .as("written by that job")
                .containsEntry("job-id", h);
        assertThat(runsOf("expiry-h"))
                .as("the run history")
                .singleElement()
                .satisfies(only -> assertThat(only.get("status").asString()).isEqualTo("SUCCEEDED"));
        // the first slot answered ACCEPT for a record the broker had already taken back: refused, said in one line
        await("the refused answer logged")
                .atMost(Duration.ofSeconds(30))
                .until(() -> output.toString().contains("the broker refused ACCEPT for jobId=" + h + " "));
        assertThat(output.toString().lines().filter(line -> line.contains("jobId=" + h) && line.contains("refused")))
                .singleElement()
                .asString()
                .contains("WARN");

        // neither slot is left stuck: each takes one of the next two jobs, the first held back by its day's lock
        String i;
        try (Connection lock = holdDayLock("expiry-i")) {
            i = E2E.system().requestExport("expiry-i", TODAY);
            awaitExportsWaitingForTheirDay(1);
            String j = E2E.system().requestExport("expiry-j", TODAY);
            assertThat(E2E.system()
                            .awaitFinishedRun("expiry-j", j, Duration.ofSeconds(60))
                            .get("status")
                            .asString())
                    .isEqualTo("SUCCEEDED");
        }
        assertThat(E2E.system()
                        .awaitFinishedRun("expiry-i", i, Duration.ofSeconds(60))
                        .get("status")
                        .asString())
                .isEqualTo("SUCCEEDED");
        assertThat(List.of(jobsDone(first), jobsDone(second)))
                .as("jobs exported by each of the two workers")
                .containsExactly(2.0, 2.0);
    }

    private ConfigurableApplicationContext startWorker(Map<String, String> extra) {
        Map<String, String> properties = new HashMap<>(RunningServices.exportWorkerProperties(E2E.system().settings));
        properties.put("WORKER_PORT", "0");
        properties.putAll(extra);
        String[] args = properties.entrySet().stream()
                .map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext worker = WorkerApplication.builder()
                // Reactor Netty's global event loops are shared by every web server in this JVM (the config
                // service's too) and disposed when a context using them closes: these workers, which close before
                // the system does, get loops of their own
                .initializers(context -> ((GenericApplicationContext) context)
                        .registerBean(ReactorResourceFactory.class, JobSlotsEndToEndTest::ownLoops))
                .run(args);
        workers.add(worker);
        return worker;
    }

    private static ReactorResourceFactory ownLoops() {
        ReactorResourceFactory loops = new ReactorResourceFactory();
        loops.setUseGlobalResources(false);
        return loops;
    }

    private static void settingsFor(String... companies) {
        for (String company : companies) {
            E2E.system()
                    .saveAccessKeySettings(
                            company,
                            E2E.bucket(),
                            E2E.customerKey().accessKeyId(),
                            E2E.customerKey().secretAccessKey(),
                            false);
        }
    }

    /** The lock every export of the company's day takes ({@code DayLocks}), held by the test until closed. */
    private static Connection holdDayLock(String company) throws SQLException {
        Connection connection = E2E.system().database();
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_lock(hashtextextended(?, 0))")) {
            lock.setString(1, company + "/" + TODAY);
            lock.execute();
        }
        return connection;
    }

    private static void awaitAnExportWaitingForItsDay() {
        awaitExportsWaitingForTheirDay(1);
    }

    private static void awaitExportsWaitingForTheirDay(int exports) {
        await(exports + " exports waiting for their day's lock")
                .atMost(Duration.ofSeconds(60))
                .until(() -> {
                    try (Connection connection = E2E.system().database();
                            ResultSet waiting = connection
                                    .createStatement()
                                    .executeQuery("SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid ="
                                            + " l.database WHERE l.locktype = 'advisory' AND NOT l.granted AND"
                                            + " d.datname = current_database()")) {
                        waiting.next();
                        return waiting.getInt(1) >= exports;
                    }
                });
    }

    private static double jobsDone(ConfigurableApplicationContext worker) {
        return worker.getBean(MeterRegistry.class).find("export.jobs").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    private static double redelivered(ConfigurableApplicationContext worker) {
        return worker.getBean(MeterRegistry.class).find("export.redelivered").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    private static String statusOf(String company, String jobId) {
        for (JsonNode run : E2E.system().get(company, "/runs")) {
            if (run.get("jobId").asString().equals(jobId)) {
                return run.get("status").asString();
            }
        }
        return null;
    }

    private static List<JsonNode> runsOf(String company) {
        List<JsonNode> runs = new ArrayList<>();
        E2E.system().get(company, "/runs").forEach(runs::add);
        return runs;
    }
}

package io.securityexport.config.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.securityexport.common.export.ExportMessages;
import io.securityexport.common.export.ExportResult;
import io.securityexport.config.ConfigApplication;
import io.securityexport.config.ConfigProperties;
import io.securityexport.config.SendThreads;
import io.securityexport.config.TestKeys;
import io.securityexport.config.runs.ExportRuns;
import io.securityexport.testsupport.Infrastructure;
import io.securityexport.testsupport.MutableClock;
import io.securityexport.testsupport.ServiceEnvironment;
import io.securityexport.testsupport.TestResources;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Midnight runs, retries and the job outbox, driven with the service's clock in hand (the loop is switched off so
 * the test decides when each round happens). Companies are written straight into the settings table.
 */
@SpringBootTest(
        classes = {ConfigApplication.class, SchedulingIntegrationTest.TestClock.class},
        properties = {
            "spring.config.name=" + ConfigApplication.CONFIG_NAME,
            TestKeys.DEMO_KEYS_ALLOWED,
            "SCHEDULER_ENABLED=false",
            SendThreads.PROPERTY
        })
class SchedulingIntegrationTest {

    static final int JOB_PARTITIONS = 3;
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-21T00:05:00Z"));
    static final Infrastructure INFRASTRUCTURE = Infrastructure.shared();
    static final String PREFIX = TestResources.uniqueName("schedule");
    static final String DATABASE = INFRASTRUCTURE.postgres().createDatabase("schedule");

    @TestConfiguration
    static class TestClock {
        @Bean
        @Primary
        Clock testClock() {
            return CLOCK;
        }
    }

    @Autowired
    MidnightScheduler scheduler;

    @Autowired
    JobPublisher publisher;

    @Autowired
    FailedDays failedDays;

    @Autowired
    ExportRuns runs;

    @Autowired
    DatabaseClient database;

    @Autowired
    TransactionalOperator transactions;

    @Autowired
    ConfigProperties properties;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        INFRASTRUCTURE
                .kafka()
                .createTopics(
                        JOB_PARTITIONS,
                        PREFIX + ".security-export-jobs",
                        PREFIX + ".security-export-results",
                        PREFIX + ".security-events");
        ServiceEnvironment.variables(INFRASTRUCTURE, DATABASE, PREFIX)
                .forEach((name, value) -> registry.add(name, () -> value));
    }

    /** Each test starts from a service that never scheduled anything (companies are named per test). */
    @BeforeEach
    void noHistory() throws SQLException {
        execute("DELETE FROM config.scheduled_days");
        execute("DELETE FROM config.export_runs");
    }

    @Test
    void twoReplicasAtMidnightCreateAndPublishOneJobPerEnabledCompanyAndDay() throws Exception {
        CLOCK.set(Instant.parse("2026-11-21T00:05:00Z"));
        company("night-a", true);
        company("night-b", true);
        company("night-c", true);
        company("night-off", false);
        MidnightScheduler otherReplica = new MidnightScheduler(database, transactions, properties, CLOCK);

        Mono.zip(scheduler.scheduleDueDays(), otherReplica.scheduleDueDays(), scheduler.scheduleDueDays())
                .block();
        publisher.publishPending().block();

        assertThat(count("SELECT count(*) FROM config.export_runs WHERE trigger = 'SCHEDULED' AND day = '2026-11-20'"
                        + " AND company_id LIKE 'night-%'"))
                .isEqualTo(3);
        assertThat(count("SELECT count(*) FROM config.export_runs WHERE published_at IS NULL"))
                .isZero();
        // each job exactly once: a duplicate publish would show here
        assertThat(jobsFor("night-"))
                .containsExactlyInAnyOrder("night-a/2026-11-20", "night-b/2026-11-20", "night-c/2026-11-20");
    }

    @Test
    void atMidnightTheSmallestDaysArePublishedFirstSoThatALargeTenantIsTakenLast() throws Exception {
        CLOCK.set(Instant.parse("2026-11-21T00:05:00Z"));
        // on one partition of the job topic, where Kafka keeps the order in which they were sent
        List<String> companies = onePartition("order-", 4);
        String giant = companies.get(0);
        String small = companies.get(1);
        String medium = companies.get(2);
        String newcomer = companies.get(3);
        for (String company : companies) {
            company(company, true);
        }
        delivered(giant, "2026-11-18", 10);
        delivered(giant, "2026-11-19", 5_000_000); // its last delivered day is what counts
        delivered(small, "2026-11-19", 50);
        delivered(medium, "2026-11-18", 700);
        failed(medium, "2026-11-19"); // a failed day says nothing about its size

        scheduler.scheduleDueDays().block();
        publisher.publishPending().block();

        assertThat(jobsFor("order-"))
                .containsExactly(
                        newcomer + "/2026-11-20", // no delivered day yet: sent first
                        small + "/2026-11-20",
                        medium + "/2026-11-20",
                        giant + "/2026-11-20");
    }

    @Test
    void theRelaySendsToKafkaOffTheDatabaseThreads() throws Exception {
        company("relay-thread", true);
        run("relay-thread", "2026-11-19", "2026-11-20T00:00:00Z");
        execute("UPDATE config.export_runs SET published_at = NULL WHERE company_id = 'relay-thread'");

        publisher.publishPending().block();

        assertThat(SendThreads.to(PREFIX + ".security-export-jobs"))
                .isNotEmpty()
                .allSatisfy(send -> {
                    assertThat(send.nonBlocking())
                            .as("sent on a non-blocking thread: " + send.thread())
                            .isFalse();
                    assertThat(send.thread()).doesNotStartWith("reactor-");
                });
    }

    @Test
    void beforeTheDayHasSettledNothingIsScheduled() throws Exception {
        company("early-a", true);
        CLOCK.set(Instant.parse("2026-11-22T00:01:00Z")); // settle delay is 2 minutes
        scheduler.scheduleDueDays().block();
        assertThat(count("SELECT count(*) FROM config.export_runs WHERE company_id = 'early-a' AND day = '2026-11-21'"))
                .isZero();

        CLOCK.set(Instant.parse("2026-11-22T00:02:00Z"));
        scheduler.scheduleDueDays().block();
        assertThat(count("SELECT count(*) FROM config.export_runs WHERE company_id = 'early-a' AND day = '2026-11-21'"))
                .isEqualTo(1);
    }

    @Test
    void midnightsMissedWhileDownAreCaughtUp() throws Exception {
        company("catch-up", true);
        CLOCK.set(Instant.parse("2026-11-23T00:10:00Z"));
        scheduler.scheduleDueDays().block();
        CLOCK.set(Instant.parse("2026-11-26T09:00:00Z")); // down for three midnights
        scheduler.scheduleDueDays().block();

        assertThat(days("catch-up")).containsExactly("2026-11-22", "2026-11-23", "2026-11-24", "2026-11-25");
    }

    @Test
    void aFailedDayIsRetriedAfterItsBackOffAndAtOnceWhenTheSettingsChange() throws Exception {
        company("flaky", true);
        UUID first = run("flaky", "2026-11-10", "2026-11-11T00:00:00Z");
        CLOCK.set(Instant.parse("2026-11-11T00:10:00Z"));
        runs.record(failed(first, "flaky", "2026-11-10")).block();

        failedDays.requeueDue().block();
        assertThat(attempts("flaky")).containsExactly(1); // 5 minutes have not passed
        CLOCK.advance(Duration.ofMinutes(6));
        failedDays.requeueDue().block();
        assertThat(attempts("flaky")).containsExactly(1, 2);

        UUID second = latestJob("flaky");
        runs.record(failed(second, "flaky", "2026-11-10")).block();
        failedDays.requeueCompany("flaky").block(); // what saving new settings does
        assertThat(attempts("flaky")).containsExactly(1, 2, 3);
    }

    @Test
    void anExportSwitchedOffOrDeletedGetsNoRetryOfItsFailedDays() throws Exception {
        company("off-retry", true);
        UUID switchedOff = run("off-retry", "2026-11-10", "2026-11-11T00:00:00Z");
        UUID deleted = run("gone-retry", "2026-11-10", "2026-11-11T00:00:00Z");
        CLOCK.set(Instant.parse("2026-11-11T00:10:00Z"));
        runs.record(failed(switchedOff, "off-retry", "2026-11-10")).block();
        runs.record(failed(deleted, "gone-retry", "2026-11-10")).block();
        execute("UPDATE config.export_settings SET enabled = false WHERE company_id = 'off-retry'");

        CLOCK.advance(Duration.ofDays(2));
        failedDays.requeueDue().block();

        assertThat(attempts("off-retry")).containsExactly(1);
        assertThat(attempts("gone-retry")).containsExactly(1);
    }

    @Test
    void midnightCreatesNoRunForAnExportSwitchedOffOrDeleted() throws Exception {
        CLOCK.set(Instant.parse("2026-11-21T00:05:00Z"));
        company("midnight-on", true);
        company("midnight-off", false);
        company("midnight-gone", true);
        execute("DELETE FROM config.export_settings WHERE company_id = 'midnight-gone'");

        scheduler.scheduleDueDays().block();

        assertThat(days("midnight-on")).containsExactly("2026-11-20");
        assertThat(days("midnight-off")).isEmpty();
        assertThat(days("midnight-gone")).isEmpty();
    }

    @Test
    void turningTheExportOnAgainRequeuesItsFailedAndCancelledDaysStillRetained() throws Exception {
        company("back-on", true);
        UUID failedJob = run("back-on", "2026-11-10", "2026-11-11T00:00:00Z");
        UUID cancelledJob = run("back-on", "2026-11-11", "2026-11-12T00:00:00Z");
        UUID ancientJob = run("back-on", "2026-09-01", "2026-09-02T00:00:00Z");
        CLOCK.set(Instant.parse("2026-11-12T00:10:00Z"));
        runs.record(failed(failedJob, "back-on", "2026-11-10")).block();
        runs.record(failed(ancientJob, "back-on", "2026-09-01")).block();
        runs.record(cancelled(cancelledJob, "back-on", "2026-11-11")).block();

        failedDays.requeueCompany("back-on").block(); // what saving the settings with enabled=true does

        assertThat(strings("SELECT day || ' ' || attempt || ' ' || status FROM config.export_runs"
                        + " WHERE company_id = 'back-on' AND attempt = 2 ORDER BY day"))
                .containsExactly("2026-11-10 2 REQUESTED", "2026-11-11 2 REQUESTED");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aDayPastTheRetentionIsGivenUpLoudlyNotRetried(CapturedOutput output) throws Exception {
        company("ancient", true);
        UUID job = run("ancient", "2026-09-01", "2026-09-02T00:00:00Z");
        CLOCK.set(Instant.parse("2026-11-21T12:00:00Z"));
        runs.record(failed(job, "ancient", "2026-09-01")).block();
        CLOCK.advance(Duration.ofDays(2));
        failedDays.requeueDue().block();
        assertThat(attempts("ancient")).containsExactly(1);
        assertThat(output.getAll()).contains("ERROR").contains("giving up export of companyId=ancient day=2026-09-01");
    }

    @Test
    void aPublishedJobWithoutAResultForLongerThanTheResultTimeoutFailsAndIsRetried() throws Exception {
        company("silent", true);
        CLOCK.set(Instant.parse("2026-11-21T01:00:00Z"));
        run("silent", "2026-11-20", "2026-11-21T00:05:00Z");

        failedDays.failUnanswered().block();
        assertThat(strings("SELECT status FROM config.export_runs WHERE company_id = 'silent'"))
                .containsExactly("REQUESTED");

        CLOCK.set(Instant.parse("2026-11-21T03:06:00Z")); // the result timeout is 3 hours
        assertThat(failedDays.failUnanswered().block()).isEqualTo(1);
        assertThat(strings("SELECT status || ' ' || error_code FROM config.export_runs WHERE company_id = 'silent'"))
                .containsExactly("FAILED NO_RESULT");
        CLOCK.advance(Duration.ofMinutes(6));
        failedDays.requeueDue().block();
        assertThat(attempts("silent")).containsExactly(1, 2);
    }

    private ExportResult failed(UUID job, String company, String day) {
        return new ExportResult(
                job,
                company,
                LocalDate.parse(day),
                ExportResult.Status.FAILED,
                "bucket-name",
                null,
                0,
                0,
                null,
                CLOCK.instant(),
                CLOCK.instant(),
                "AccessDenied",
                "PutObject was denied");
    }

    private ExportResult cancelled(UUID job, String company, String day) {
        return new ExportResult(
                job,
                company,
                LocalDate.parse(day),
                ExportResult.Status.CANCELLED,
                null,
                null,
                0,
                0,
                null,
                CLOCK.instant(),
                CLOCK.instant(),
                "EXPORT_DISABLED",
                "the export was switched off before this job ran; nothing was written");
    }

    private static UUID run(String company, String day, String requestedAt) throws SQLException {
        UUID job = UUID.randomUUID();
        execute("INSERT INTO config.export_runs (job_id, company_id, day, trigger, status, requested_at, published_at)"
                + " VALUES ('" + job + "', '" + company + "', '" + day + "', 'BACKFILL', 'REQUESTED', '" + requestedAt
                + "', '" + requestedAt + "')");
        return job;
    }

    private static void delivered(String company, String day, long rows) throws SQLException {
        execute("INSERT INTO config.export_runs (job_id, company_id, day, trigger, status, requested_at, published_at,"
                + " finished_at, rows) VALUES (gen_random_uuid(), '" + company + "', '" + day + "', 'SCHEDULED',"
                + " 'SUCCEEDED', '" + day + "T00:02:00Z', '" + day + "T00:02:00Z', '" + day + "T00:03:00Z', " + rows
                + ")");
    }

    private static void failed(String company, String day) throws SQLException {
        execute("INSERT INTO config.export_runs (job_id, company_id, day, trigger, status, requested_at, published_at,"
                + " finished_at, error_code) VALUES (gen_random_uuid(), '" + company + "', '" + day + "', 'SCHEDULED',"
                + " 'FAILED', '" + day + "T00:02:00Z', '" + day + "T00:02:00Z', '" + day
                + "T00:03:00Z', 'S3_ACCESS_DENIED')");
    }

    /** {@code count} company IDs that Kafka's default partitioner puts on the same partition of the job topic. */
    private static List<String> onePartition(String prefix, int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; names.size() < count; i++) {
            String name = prefix + i;
            if (Utils.toPositive(Utils.murmur2(name.getBytes(StandardCharsets.UTF_8))) % JOB_PARTITIONS == 0) {
                names.add(name);
            }
        }
        return names;
    }

    private static void company(String company, boolean enabled) throws SQLException {
        execute("INSERT INTO config.export_settings (company_id, enabled, bucket, region, folder_path, sse_aes256,"
                + " credential_method, role_arn, version, updated_at) VALUES ('" + company + "', " + enabled
                + ", 'bucket-name', 'us-east-1', 'security-events', false, 'ROLE_ARN',"
                + " 'arn:aws:iam::123456789012:role/x', 1, now())");
    }

    private static List<String> days(String company) throws SQLException {
        return strings("SELECT day::text FROM config.export_runs WHERE company_id = '" + company + "' ORDER BY day");
    }

    private static List<Integer> attempts(String company) throws SQLException {
        return strings("SELECT attempt::text FROM config.export_runs WHERE company_id = '" + company
                        + "' ORDER BY attempt")
                .stream()
                .map(Integer::parseInt)
                .toList();
    }

    private static UUID latestJob(String company) throws SQLException {
        return UUID.fromString(strings("SELECT job_id::text FROM config.export_runs WHERE company_id = '" + company
                        + "' ORDER BY attempt DESC LIMIT 1")
                .get(0));
    }

    /** Every job on the topic for companies named {@code prefix…}, read to the topic's end: duplicates included. */
    private static List<String> jobsFor(String prefix) {
        List<String> jobs = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : INFRASTRUCTURE.kafka().readAll(PREFIX + ".security-export-jobs")) {
            var job = ExportMessages.job(record.value());
            assertThat(record.key()).isEqualTo(job.companyId());
            if (job.companyId().startsWith(prefix)) {
                jobs.add(job.companyId() + "/" + job.day());
            }
        }
        return jobs;
    }

    private static List<String> strings(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = connect();
                ResultSet rows = connection.createStatement().executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private static long count(String sql) throws SQLException {
        return Long.parseLong(strings(sql).get(0));
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(
                INFRASTRUCTURE.postgres().jdbcUrl(DATABASE),
                INFRASTRUCTURE.postgres().username(),
                INFRASTRUCTURE.postgres().password());
    }
}

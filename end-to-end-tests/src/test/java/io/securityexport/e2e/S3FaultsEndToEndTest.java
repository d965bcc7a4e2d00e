package io.securityexport.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.securityexport.ingest.partitions.DayPartitions;
import io.securityexport.localstack.RunningServices;
import io.securityexport.testsupport.AccessKey;
import io.securityexport.testsupport.Infrastructure;
import io.securityexport.testsupport.S3Fault;
import io.securityexport.testsupport.S3FaultProxy;
import io.securityexport.testsupport.S3Operation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import tools.jackson.databind.JsonNode;

/**
 * The export worker writes through {@link S3FaultProxy} into the SigV4-checking S3 server, while the proxy answers
 * 500 or 503 or drops the connection on chosen S3 operations. Transient faults must be retried into one complete,
 * byte-exact object; a fault that does not go away must fail the run with a usable message and leave neither an
 * object nor an incomplete multipart upload behind. The config service talks to S3 directly.
 *
 * <p>Two companies serve every test: one whose day is two 5 MiB parts of CSV, one whose day
 * is a single PutObject. Each test deletes the day's object first, so what it finds was written by its own run.
 */
class S3FaultsEndToEndTest {

    /** The smallest part S3 accepts for all but the last part; smaller parts keep the multipart day small. */
    private static final int PART_SIZE = 5 * 1024 * 1024;
    /** About 7 MB of CSV: two parts. */
    private static final int BIG_ROWS = 40_000;

    private static final int SMALL_ROWS = 20;
    private static final String BIG = "faults-big";
    private static final String SMALL = "faults-small";
    /** Yesterday: saving the settings is a security event of today, so yesterday's file holds only our rows. */
    private static final LocalDate DAY = LocalDate.now(ZoneOffset.UTC).minusDays(1);

    private static final Duration POLL_INTERVAL = Duration.ofSeconds(5);
    private static final int CONCURRENCY = 3;

    private static final S3FaultProxy FAULTS =
            S3FaultProxy.inFrontOf(Infrastructure.shared().s3().endpoint());

    @RegisterExtension
    static final EndToEndSystem E2E = EndToEndSystem.named("s3-faults")
            .with(() -> RunningServices.Options.defaults()
                    .withWorkerProperties(Map.of(
                            "S3_ENDPOINT", FAULTS.endpoint().toString(),
                            // the consumer group (the fallback): the poll-interval test below is about its design
                            // of polling, paused, while a job runs; the job slots are tested in JobSlotsEndToEndTest
                            "WORKER_JOB_CONSUMPTION", "group",
                            "security-export.worker.upload.part-size", PART_SIZE + "B",
                            // not the default 2: the group must show exactly this many consumers of the one worker
                            "WORKER_CONCURRENCY", Integer.toString(CONCURRENCY),
                            // far below production's 5 min, so that a job can outlast it here
                            "spring.kafka.consumer.properties.max.poll.interval.ms",
                                    Long.toString(POLL_INTERVAL.toMillis()))));

    private static byte[] bigCsv;
    private static byte[] smallCsv;

    @BeforeAll
    static void aBigAndASmallDayBehindTheProxy() throws Exception {
        createPartitionOf(DAY);
        bigCsv = insertRows(BIG, BIG_ROWS);
        smallCsv = insertRows(SMALL, SMALL_ROWS);
        assertThat(bigCsv.length).as("the big day needs two parts").isGreaterThan(PART_SIZE);
        putSettings(BIG, E2E.customerKey());
        putSettings(SMALL, E2E.customerKey());
    }

    @AfterEach
    void disarm() {
        FAULTS.clear();
    }

    @AfterAll
    static void closeTheProxy() {
        FAULTS.close();
    }

    static Stream<Arguments> oneOffFaultsOnEachMultipartStep() {
        return Stream.of(
                        S3Operation.CREATE_MULTIPART_UPLOAD,
                        S3Operation.UPLOAD_PART,
                        S3Operation.COMPLETE_MULTIPART_UPLOAD)
                .flatMap(operation -> Stream.of(
                                S3Fault.INTERNAL_ERROR, S3Fault.SERVICE_UNAVAILABLE, S3Fault.CONNECTION_RESET)
                        .map(fault -> Arguments.of(operation, fault)));
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("oneOffFaultsOnEachMultipartStep")
    void aOneOffFaultDuringAMultipartUploadIsRetriedAndTheWholeDayArrivesOnce(S3Operation step, S3Fault fault)
            throws Exception {
        String key = freshKey(BIG);
        FAULTS.next(step, fault, 1);

        JsonNode run = E2E.system().exportAndAwait(BIG, DAY);

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(FAULTS.traffic(step).faulted()).as("the fault was met").isOne();
        assertThat(FAULTS.traffic(step).reachedS3()).as("and the step retried").isPositive();
        assertThat(FAULTS.traffic(S3Operation.UPLOAD_PART).reachedS3())
                .as("parts")
                .isGreaterThanOrEqualTo(2);
        assertDelivered(run, key, bigCsv, BIG_ROWS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oneOffFaults")
    void aOneOffFaultOnTheSinglePutOfASmallDayIsRetriedAndTheDayArrives(S3Fault fault) throws Exception {
        String key = freshKey(SMALL);
        FAULTS.next(S3Operation.PUT_OBJECT, fault, 1);

        JsonNode run = E2E.system().exportAndAwait(SMALL, DAY);

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(FAULTS.traffic(S3Operation.PUT_OBJECT)).satisfies(traffic -> {
            assertThat(traffic.faulted()).as("the fault was met").isOne();
            assertThat(traffic.reachedS3()).as("the retry").isOne();
        });
        assertThat(FAULTS.traffic(S3Operation.CREATE_MULTIPART_UPLOAD).reachedS3())
                .as("no multipart")
                .isZero();
        assertDelivered(run, key, smallCsv, SMALL_ROWS);
    }

    static Stream<S3Fault> oneOffFaults() {
        return Stream.of(S3Fault.INTERNAL_ERROR, S3Fault.SERVICE_UNAVAILABLE, S3Fault.CONNECTION_RESET);
    }

    @Test
    void partUploadsThrottledForGoodFailTheRunWithS3sAnswerAndAbortTheUpload() throws Exception {
        String key = freshKey(BIG);
        FAULTS.always(S3Operation.UPLOAD_PART, S3Fault.SERVICE_UNAVAILABLE);

        JsonNode run = E2E.system().exportAndAwait(BIG, DAY);

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("FAILED");
        assertThat(run.get("errorCode").asString()).isEqualTo("SlowDown");
        assertThat(run.get("errorMessage").asString()).contains("503").contains("Please reduce your request rate");
        assertThat(FAULTS.traffic(S3Operation.UPLOAD_PART).faulted())
                .as("retried before giving up")
                .isGreaterThan(1);
        assertThat(FAULTS.traffic(S3Operation.COMPLETE_MULTIPART_UPLOAD).reachedS3())
                .isZero();
        assertThat(FAULTS.traffic(S3Operation.ABORT_MULTIPART_UPLOAD).reachedS3())
                .as("aborted")
                .isPositive();
        assertThat(E2E.infrastructure().s3().listKeys(E2E.bucket())).doesNotContain(key);
        assertNoIncompleteUpload(key);
    }

    @Test
    void aPermanentRefusalOfAPartIsNotRetriedAndFailsTheRunWithS3sAnswer() throws Exception {
        String key = freshKey(BIG);
        // part 1, every time: a retry of it would meet the refusal again and be counted (the other part, in flight
        // meanwhile, passes)
        FAULTS.onPart(1, new S3Fault.ErrorAnswer(403, "AccessDenied", "Access Denied"));

        JsonNode run = E2E.system().exportAndAwait(BIG, DAY);

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("FAILED");
        assertThat(run.get("errorCode").asString()).isEqualTo("AccessDenied");
        assertThat(run.get("errorMessage").asString()).contains("403").contains("Access Denied");
        assertThat(FAULTS.traffic(S3Operation.UPLOAD_PART).faulted())
                .as("no second attempt")
                .isOne();
        assertThat(E2E.infrastructure().s3().listKeys(E2E.bucket())).doesNotContain(key);
        assertNoIncompleteUpload(key);
    }

    /**
     * S3 did the work but its answer was lost on the way back: the worker cannot tell success from failure and
     * retries; the day must still end as one complete object, a truthful run and no stray incomplete upload.
     */
    @ParameterizedTest(name = "answer to {0} lost")
    @EnumSource(
            value = S3Operation.class,
            names = {"CREATE_MULTIPART_UPLOAD", "UPLOAD_PART", "COMPLETE_MULTIPART_UPLOAD"})
    void aLostAnswerFromS3IsRetriedIntoOneCompleteObjectWithoutLeftovers(S3Operation step) throws Exception {
        String key = freshKey(BIG);
        FAULTS.next(step, S3Fault.RESPONSE_LOST, 1);

        JsonNode run = E2E.system().exportAndAwait(BIG, DAY);

        assertThat(FAULTS.traffic(step))
                .as("the answer was lost and the request retried")
                .satisfies(traffic -> {
                    assertThat(traffic.faulted()).isOne();
                    assertThat(traffic.reachedS3()).isGreaterThanOrEqualTo(2);
                });
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertDelivered(run, key, bigCsv, BIG_ROWS);
    }

    /**
     * Every part is answered 6 s late (longer than the poll interval by itself: the parts are in flight together), so
     * the export runs well past this worker's {@code max.poll.interval.ms} (5 s
     * here): its consumers keep polling while the job runs, so none is expelled from the group (the same members, the
     * group stable, before and after) and the job is not handed out again — one export, one object, one history
     * entry.
     */
    @Test
    void aJobLongerThanThePollIntervalRunsOnceWithoutTheWorkerLeavingTheGroup() throws Exception {
        String key = freshKey(BIG);
        Set<String> members = stableWorkerGroup();
        FAULTS.always(S3Operation.UPLOAD_PART, S3Fault.slowAnswer(Duration.ofSeconds(6)));

        JsonNode run = E2E.system().exportAndAwait(BIG, DAY);

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(Duration.between(
                        Instant.parse(run.get("startedAt").asString()),
                        Instant.parse(run.get("finishedAt").asString())))
                .isGreaterThan(POLL_INTERVAL);
        assertDelivered(run, key, bigCsv, BIG_ROWS);
        assertThat(stableWorkerGroup())
                .as("no consumer left the group or rejoined it")
                .isEqualTo(members);
        await().during(POLL_INTERVAL.plusSeconds(1))
                .atMost(POLL_INTERVAL.plusSeconds(5))
                .untilAsserted(() -> assertThat(FAULTS.traffic(S3Operation.CREATE_MULTIPART_UPLOAD)
                                .reachedS3())
                        .as("exported once, not again after a rebalance")
                        .isOne());
        assertThat(E2E.system().workerMetrics())
                .doesNotContainPattern("(?m)^export_redelivered_total(\\{[^}]*\\})? [1-9]");
    }

    /** The worker's consumer group once it is stable with all of the worker's consumers: their member IDs. */
    private static Set<String> stableWorkerGroup() {
        String group = E2E.system().settings.consumerGroupPrefix() + "-workers";
        try (Admin admin = Admin.create(
                Map.of("bootstrap.servers", E2E.infrastructure().kafka().bootstrapServers()))) {
            return await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> {
                                ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
                                        .all()
                                        .get()
                                        .get(group);
                                return description.groupState() == GroupState.STABLE
                                                && description.members().size() == CONCURRENCY
                                        ? description.members().stream()
                                                .map(MemberDescription::consumerId)
                                                .collect(Collectors.toSet())
                                        : null;
                            },
                            Objects::nonNull);
        }
    }

    private static void assertDelivered(JsonNode run, String key, byte[] expectedCsv, int rows) throws Exception {
        String sha256 =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(expectedCsv));
        assertThat(run.get("objectKey").asString()).isEqualTo(key);
        assertThat(run.get("rows").asLong()).isEqualTo(rows);
        assertThat(run.get("bytes").asLong()).isEqualTo(expectedCsv.length);
        assertThat(run.get("sha256").asString()).isEqualTo(sha256);
        byte[] object = E2E.infrastructure().s3().getObject(E2E.bucket(), key);
        assertThat(object.length).isEqualTo(expectedCsv.length);
        assertThat(new String(object, StandardCharsets.UTF_8))
                .as("byte for byte")
                .isEqualTo(new String(expectedCsv, StandardCharsets.UTF_8));
        assertThat(object).isEqualTo(expectedCsv);
        HeadObjectResponse head = E2E.infrastructure()
                .s3()
                .client()
                .headObject(h -> h.bucket(E2E.bucket()).key(key));
        assertThat(head.metadata()).containsEntry("sha256", sha256);
        assertThat(head.contentType()).isEqualTo("text/csv; charset=utf-8");
        assertNoIncompleteUpload(key);
    }

    private static void assertNoIncompleteUpload(String key) {
        assertThat(E2E.infrastructure()
                        .s3()
                        .client()
                        .listMultipartUploads(list -> list.bucket(E2E.bucket()).prefix(key))
                        .uploads())
                .as("incomplete multipart uploads of " + key)
                .isEmpty();
    }

    /**
     * The day's key, cleared of what an earlier test left there: its object, and any incomplete upload a failed test
     * left (so that one failure is reported once, not by every later test).
     */
    private static String freshKey(String company) {
        String key = "security-events/" + DAY.toString().replace('-', '/') + "/security-events-" + company + "-" + DAY
                + ".csv";
        S3Client admin = E2E.infrastructure().s3().client();
        admin.deleteObject(delete -> delete.bucket(E2E.bucket()).key(key));
        admin.listMultipartUploads(list -> list.bucket(E2E.bucket()).prefix(key))
                .uploads()
                .forEach(upload -> admin.abortMultipartUpload(
                        abort -> abort.bucket(E2E.bucket()).key(key).uploadId(upload.uploadId())));
        return key;
    }

    /** The ingest service creates partitions from today on; a past day needs its own. */
    private static void createPartitionOf(LocalDate day) throws Exception {
        try (Connection connection = E2E.system().database()) {
            await().atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .until(() ->
                            connection.createStatement().executeQuery("SELECT 1 FROM ingest.security_events LIMIT 1")
                                    != null);
            connection
                    .createStatement()
                    .execute("CREATE TABLE IF NOT EXISTS ingest." + DayPartitions.tableOf(day)
                            + " PARTITION OF ingest.security_events FOR VALUES FROM ('" + day + "') TO ('"
                            + day.plusDays(1)
                            + "')");
        }
    }

    /** Inserts the company's rows for {@link #DAY} and returns the file the contract promises for them. */
    private static byte[] insertRows(String company, int rows) throws Exception {
        GeneratedDay day = new GeneratedDay(company, DAY, rows);
        try (Connection connection = E2E.system().database()) {
            day.insert(connection);
        }
        return day.expectedCsv();
    }

    private static void putSettings(String company, AccessKey key) {
        E2E.system().saveAccessKeySettings(company, E2E.bucket(), key.accessKeyId(), key.secretAccessKey(), false);
    }
}

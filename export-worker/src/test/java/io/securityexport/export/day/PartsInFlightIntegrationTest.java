package io.securityexport.export.day;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.securityexport.aws.AwsClients;
import io.securityexport.aws.AwsEndpoints;
import io.securityexport.aws.CustomerCredentials;
import io.securityexport.common.secret.SecretValue;
import io.securityexport.testsupport.AccessKey;
import io.securityexport.testsupport.Infrastructure;
import io.securityexport.testsupport.S3Fault;
import io.securityexport.testsupport.S3FaultProxy;
import io.securityexport.testsupport.S3Operation;
import io.securityexport.testsupport.S3Server;
import io.securityexport.testsupport.TestResources;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Several parts in flight against the SigV4-checking S3 server, through the fault proxy: the object is the same, byte
 * for byte and by SHA-256, as with one part in flight; a part that fails while others are in flight aborts the upload
 * and leaves none behind; a part that fails once is retried; the parts held never exceed the bound.
 */
class PartsInFlightIntegrationTest {

    /** S3's smallest part but the last. */
    private static final int PART_SIZE = 5 * 1024 * 1024;
    /** About 25 MB of CSV, five parts; gzipped about 7 MB, two parts (each line has a session ID of 64 random hex digits). */
    private static final int LINES = 130_000;

    private static final S3Server S3 = Infrastructure.shared().s3();
    private static final S3FaultProxy FAULTS = S3FaultProxy.inFrontOf(S3.endpoint());

    private static String bucket;
    private static AwsClients aws;
    private static AwsClients awsDirect;
    private static S3AsyncClient s3;
    /** Not through the proxy: WireMock takes a body starting with gzip's magic bytes for a compressed request. */
    private static S3AsyncClient direct;

    private static byte[] expected;
    private static int longestLine;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final PartBuffers buffers = new PartBuffers(meters);

    @BeforeAll
    static void aBucketBehindTheProxy() throws IOException {
        bucket = TestResources.uniqueName("parts-in-flight");
        S3.createBucket(bucket);
        AccessKey key = S3.createUser("parts");
        aws = new AwsClients(new AwsEndpoints(FAULTS.endpoint(), null, true, "us-east-1", null, null));
        CustomerCredentials credentials =
                new CustomerCredentials.AccessKey(key.accessKeyId(), new SecretValue(key.secretAccessKey()));
        s3 = aws.s3(S3.region(), aws.credentials(credentials));
        awsDirect = new AwsClients(new AwsEndpoints(S3.endpoint(), null, true, "us-east-1", null, null));
        direct = awsDirect.s3(S3.region(), awsDirect.credentials(credentials));
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(io.securityexport.common.csv.SecurityEventCsv.HEADER.getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < LINES; i++) {
            byte[] line = line(i);
            longestLine = Math.max(longestLine, line.length);
            file.write(line);
        }
        expected = file.toByteArray();
        assertThat(expected.length).as("five parts or more").isGreaterThan(4 * PART_SIZE);
    }

    @AfterEach
    void disarm() {
        FAULTS.clear();
    }

    @AfterAll
    static void close() {
        s3.close();
        aws.close();
        direct.close();
        awsDirect.close();
        FAULTS.close();
    }

    @Test
    void threePartsInFlightWriteTheSameObjectAsOne() {
        FileSummary one = written("one.csv", 1, false);
        FileSummary three = written("three.csv", 3, false);

        assertThat(S3.getObject(bucket, "three.csv")).isEqualTo(expected).isEqualTo(S3.getObject(bucket, "one.csv"));
        assertThat(three).isEqualTo(one).isEqualTo(new FileSummary(LINES, expected.length, sha256(expected)));
        assertThat(FAULTS.traffic(S3Operation.UPLOAD_PART).reachedS3())
                .as("five parts or more each")
                .isGreaterThanOrEqualTo(10);
        assertThat(head("three.csv")).containsEntry("sha256", sha256(expected));
        assertNoIncompleteUpload("three.csv");
    }

    @Test
    void theBufferGaugeNeverExceedsThePartsInFlightAndTheOneReadAhead() {
        AtomicInteger highest = new AtomicInteger();
        reactor.core.Disposable sampler = Flux.interval(Duration.ofMillis(1))
                .subscribe(tick -> highest.accumulateAndGet((int) gauge(), Math::max));
        PartBuffers.Lease lease = buffers.lease();
        // parts answered 3 s late keep all three in flight, so the producer meets the bound rather than an idle
        // upload, even when it cuts parts slowly on a loaded machine (300 ms was not always enough on CI)
        FAULTS.always(S3Operation.UPLOAD_PART, S3Fault.slowAnswer(Duration.ofSeconds(3)));

        new DayObjectUpload(s3, bucket, "bounded.csv", false, false, 3, lease)
                .upload(parts(false), "job-bounded")
                .as(StepVerifier::create)
                .expectNextCount(1)
                .verifyComplete();
        sampler.dispose();

        long bound = 4L * (PART_SIZE + longestLine);
        assertThat(lease.peak())
                .as("this export's peak")
                .isGreaterThan(3L * PART_SIZE)
                .isLessThanOrEqualTo(bound);
        assertThat(highest.get()).as("the gauge, sampled").isPositive().isLessThanOrEqualTo((int) bound);
        assertThat(gauge()).as("everything let go").isZero();
        assertThat(S3.getObject(bucket, "bounded.csv")).isEqualTo(expected);
    }

    @Test
    void aGzippedDayInThreePartsIsTheGzipOfTheSameFile() throws IOException {
        AtomicReference<FileSummary> written = new AtomicReference<>();
        new DayObjectUpload(direct, bucket, "day.csv.gz", true, false, 3, buffers.lease())
                .upload(parts(true), "job-gzip")
                .as(StepVerifier::create)
                .consumeNextWith(written::set)
                .expectComplete()
                .verify(Duration.ofMinutes(2));
        FileSummary summary = written.get();

        byte[] object = S3.getObject(bucket, "day.csv.gz");
        try (GZIPInputStream unzipped = new GZIPInputStream(new ByteArrayInputStream(object))) {
            assertThat(unzipped.readAllBytes()).isEqualTo(expected);
        }
        assertThat(summary).isEqualTo(new FileSummary(LINES, object.length, sha256(object)));
        assertThat(object.length).as("gzipped, still a multipart upload").isGreaterThan(PART_SIZE);
    }

    @Test
    void aPartFailingOnceAmongThreeInFlightIsRetriedIntoTheSameObject() {
        FAULTS.next(S3Operation.UPLOAD_PART, S3Fault.INTERNAL_ERROR, 1);

        FileSummary summary = written("retried.csv", 3, false);

        assertThat(FAULTS.traffic(S3Operation.UPLOAD_PART).faulted()).isOne();
        assertThat(summary.sha256()).isEqualTo(sha256(expected));
        assertThat(S3.getObject(bucket, "retried.csv")).isEqualTo(expected);
        assertNoIncompleteUpload("retried.csv");
    }

    /**
     * Part 2 is refused (AccessDenied, which no retry cures) a second after it was sent, while part 3 is still in
     * flight (S3 stores it, its answer comes 3 s late): the export fails with S3's answer, nothing is completed, and
     * no upload is left, not even one part 3 could have revived.
     */
    @Test
    void aPartFailingWhileTheNextIsInFlightAbortsTheUploadAndLeavesNone() {
        FAULTS.onPart(
                2,
                S3Fault.lateError(
                        new S3Fault.ErrorAnswer(403, "AccessDenied", "Access Denied"), Duration.ofSeconds(1)));
        FAULTS.onPart(3, S3Fault.slowAnswer(Duration.ofSeconds(3)));

        upload("refused.csv", 3, false)
                .as(StepVerifier::create)
                .expectErrorSatisfies(error ->
                        assertThat(error).isInstanceOf(S3Exception.class).hasMessageContaining("Access Denied"))
                .verify(Duration.ofMinutes(1));

        assertThat(FAULTS.traffic(S3Operation.COMPLETE_MULTIPART_UPLOAD).reachedS3())
                .isZero();
        assertThat(FAULTS.traffic(S3Operation.ABORT_MULTIPART_UPLOAD).reachedS3())
                .as("aborted")
                .isPositive();
        assertThat(S3.listKeys(bucket)).doesNotContain("refused.csv");
        assertNoIncompleteUpload("refused.csv");
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertNoIncompleteUpload("refused.csv"));
        assertThat(gauge()).as("everything let go").isZero();
    }

    private FileSummary written(String key, int partsInFlight, boolean gzip) {
        AtomicReference<FileSummary> summary = new AtomicReference<>();
        upload(key, partsInFlight, gzip)
                .as(StepVerifier::create)
                .consumeNextWith(summary::set)
                .expectComplete()
                .verify(Duration.ofMinutes(2));
        return summary.get();
    }

    private reactor.core.publisher.Mono<FileSummary> upload(String key, int partsInFlight, boolean gzip) {
        return new DayObjectUpload(s3, bucket, key, gzip, false, partsInFlight, buffers.lease())
                .upload(parts(gzip), "job-" + key);
    }

    /** The file cut by {@link CsvParts} on a thread that may block, as {@link DayCsv} reads a COPY. */
    private static Flux<Part> parts(boolean gzip) {
        CsvParts csv = new CsvParts(PART_SIZE, gzip, 64 * 1024);
        AtomicInteger next = new AtomicInteger();
        return Flux.<Part>generate(sink -> {
                    for (int i = next.get(); i < LINES; i = next.incrementAndGet()) {
                        Part.Middle full = csv.add(line(i));
                        if (full != null) {
                            next.incrementAndGet();
                            sink.next(full);
                            return;
                        }
                    }
                    sink.next(csv.finish());
                    sink.complete();
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    private static byte[] line(int i) {
        return ("2026-03-01T08:%02d:%02d.%03dZ,dev%d@example.com,dev%d@example.com,Signed In,,"
                                .formatted(i / 60_000 % 60, i / 1000 % 60, i % 1000, i % 500, i % 500)
                        + "\"{\"\"ip\"\":\"\"203.0.113." + (i % 256) + "\"\",\"\"sessionId\"\":\"\"" + sessionId(i)
                        + "\"\"}\",1\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String sessionId(int i) {
        StringBuilder id = new StringBuilder();
        java.util.SplittableRandom random = new java.util.SplittableRandom(i);
        for (int word = 0; word < 4; word++) {
            id.append(HexFormat.of().toHexDigits(random.nextLong()));
        }
        return id.toString();
    }

    private double gauge() {
        return meters.get("export.upload.buffer").gauge().value();
    }

    private static java.util.Map<String, String> head(String key) {
        return S3.client().headObject(head -> head.bucket(bucket).key(key)).metadata();
    }

    private static void assertNoIncompleteUpload(String key) {
        assertThat(S3.client()
                        .listMultipartUploads(list -> list.bucket(bucket).prefix(key))
                        .uploads())
                .as("incomplete multipart uploads of " + key)
                .isEmpty();
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

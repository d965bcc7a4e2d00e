package io.securityexport.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The proxy between a real SDK client and the real s3proxy: what passes, what is faulted, and what S3 then holds. */
class S3FaultProxyIntegrationTest {

    private static final S3Server s3 = Infrastructure.shared().s3();
    private static S3FaultProxy faults;
    private static S3Client client;
    private static S3Client retryingClient;
    private String bucket;

    @BeforeAll
    static void startTheProxy() {
        faults = S3FaultProxy.inFrontOf(s3.endpoint());
        AccessKey user = s3.createUser("fault-proxy");
        var credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(user.accessKeyId(), user.secretAccessKey()));
        // no retries: each call shows the one answer the proxy gave
        client = S3Clients.builder(faults.endpoint(), s3.region(), credentials)
                .overrideConfiguration(override -> override.retryStrategy(retry -> retry.maxAttempts(1)))
                .build();
        retryingClient = S3Clients.create(faults.endpoint(), s3.region(), credentials);
    }

    @AfterAll
    static void stopTheProxy() {
        client.close();
        retryingClient.close();
        faults.close();
    }

    @BeforeEach
    void createBucket() {
        bucket = TestResources.uniqueName("fault-proxy");
        s3.createBucket(bucket);
    }

    @AfterEach
    void disarm() {
        faults.clear();
    }

    @Test
    void withoutFaultsSignedRequestsPassThroughToS3AndAreCountedPerOperation() {
        client.putObject(put -> put.bucket(bucket).key("small.csv"), RequestBody.fromString("a,b\n"));
        uploadInTwoParts("big.csv");

        assertThat(s3.getObject(bucket, "small.csv"))
                .asString(StandardCharsets.UTF_8)
                .isEqualTo("a,b\n");
        assertThat(s3.getObject(bucket, "big.csv")).hasSize(5 * 1024 * 1024 + 4);
        assertThat(faults.traffic(S3Operation.PUT_OBJECT)).isEqualTo(new S3Traffic(1, 0));
        assertThat(faults.traffic(S3Operation.CREATE_MULTIPART_UPLOAD)).isEqualTo(new S3Traffic(1, 0));
        assertThat(faults.traffic(S3Operation.UPLOAD_PART)).isEqualTo(new S3Traffic(2, 0));
        assertThat(faults.traffic(S3Operation.COMPLETE_MULTIPART_UPLOAD)).isEqualTo(new S3Traffic(1, 0));
    }

    @Test
    void aThrottledPartUploadIsAnswered503SlowDownWithoutReachingS3AndTheNextOnePasses() {
        String uploadId = client.createMultipartUpload(
                        create -> create.bucket(bucket).key("k.csv"))
                .uploadId();
        faults.next(S3Operation.UPLOAD_PART, S3Fault.SERVICE_UNAVAILABLE, 1);

        assertThatExceptionOfType(S3Exception.class)
                .isThrownBy(() -> uploadPart("k.csv", uploadId, 1, "first"))
                .satisfies(error -> {
                    assertThat(error.statusCode()).isEqualTo(503);
                    assertThat(error.awsErrorDetails().errorCode()).isEqualTo("SlowDown");
                    assertThat(error.awsErrorDetails().errorMessage()).isEqualTo("Please reduce your request rate.");
                });
        assertThat(partsInS3("k.csv", uploadId)).isZero();

        uploadPart("k.csv", uploadId, 1, "second");
        assertThat(partsInS3("k.csv", uploadId)).isOne();
        assertThat(faults.traffic(S3Operation.UPLOAD_PART)).isEqualTo(new S3Traffic(1, 1));
    }

    @Test
    void anInternalErrorOnCreateIsAnswered500AndNoUploadIsStarted() {
        faults.next(S3Operation.CREATE_MULTIPART_UPLOAD, S3Fault.INTERNAL_ERROR, 1);

        assertThatExceptionOfType(S3Exception.class)
                .isThrownBy(() -> client.createMultipartUpload(
                        create -> create.bucket(bucket).key("k.csv")))
                .satisfies(error -> {
                    assertThat(error.statusCode()).isEqualTo(500);
                    assertThat(error.awsErrorDetails().errorCode()).isEqualTo("InternalError");
                });

        assertThat(incompleteUploads()).isEmpty();
        assertThat(faults.traffic(S3Operation.CREATE_MULTIPART_UPLOAD)).isEqualTo(new S3Traffic(0, 1));
    }

    @Test
    void aResetCompleteNeverReachesS3SoTheUploadStaysIncompleteAndNoObjectAppears() {
        String uploadId = client.createMultipartUpload(
                        create -> create.bucket(bucket).key("k.csv"))
                .uploadId();
        String eTag = uploadPart("k.csv", uploadId, 1, "only part");
        faults.next(S3Operation.COMPLETE_MULTIPART_UPLOAD, S3Fault.CONNECTION_RESET, 1);

        assertThatExceptionOfType(SdkClientException.class).isThrownBy(() -> complete("k.csv", uploadId, eTag));

        assertThat(s3.listKeys(bucket)).isEmpty();
        assertThat(incompleteUploads()).extracting(MultipartUpload::uploadId).containsExactly(uploadId);
        assertThat(faults.traffic(S3Operation.COMPLETE_MULTIPART_UPLOAD)).isEqualTo(new S3Traffic(0, 1));
    }

    @Test
    void aLostAnswerToCompleteLeavesTheClientInTheDarkWhileS3HasTheObject() {
        String uploadId = client.createMultipartUpload(
                        create -> create.bucket(bucket).key("k.csv"))
                .uploadId();
        String eTag = uploadPart("k.csv", uploadId, 1, "only part");
        faults.next(S3Operation.COMPLETE_MULTIPART_UPLOAD, S3Fault.RESPONSE_LOST, 1);

        assertThatExceptionOfType(SdkClientException.class).isThrownBy(() -> complete("k.csv", uploadId, eTag));

        assertThat(s3.getObject(bucket, "k.csv"))
                .asString(StandardCharsets.UTF_8)
                .isEqualTo("only part");
        assertThat(incompleteUploads()).isEmpty();
        assertThat(faults.traffic(S3Operation.COMPLETE_MULTIPART_UPLOAD)).isEqualTo(new S3Traffic(1, 1));
    }

    @Test
    void aFaultArmedForTwoRequestsMeetsTheSdksFirstTwoAttemptsAndItsThirdSucceeds() {
        faults.next(S3Operation.PUT_OBJECT, S3Fault.CONNECTION_RESET, 2);

        retryingClient.putObject(put -> put.bucket(bucket).key("k.csv"), RequestBody.fromString("third time"));

        assertThat(s3.getObject(bucket, "k.csv"))
                .asString(StandardCharsets.UTF_8)
                .isEqualTo("third time");
        assertThat(faults.traffic(S3Operation.PUT_OBJECT)).isEqualTo(new S3Traffic(1, 2));
    }

    @Test
    void aFaultArmedAlwaysOutlastsTheSdksRetriesUntilCleared() {
        faults.always(S3Operation.PUT_OBJECT, S3Fault.SERVICE_UNAVAILABLE);

        assertThatExceptionOfType(S3Exception.class)
                .isThrownBy(() -> retryingClient.putObject(
                        put -> put.bucket(bucket).key("k.csv"), RequestBody.fromString("never")))
                .satisfies(
                        error -> assertThat(error.awsErrorDetails().errorCode()).isEqualTo("SlowDown"));
        assertThat(faults.traffic(S3Operation.PUT_OBJECT))
                .as("every attempt of the SDK was answered 503")
                .satisfies(traffic -> assertThat(traffic.faulted()).isGreaterThan(1))
                .satisfies(traffic -> assertThat(traffic.reachedS3()).isZero());
        assertThat(s3.listKeys(bucket)).isEmpty();

        faults.clear();
        client.putObject(put -> put.bucket(bucket).key("k.csv"), RequestBody.fromString("now"));
        assertThat(s3.getObject(bucket, "k.csv"))
                .asString(StandardCharsets.UTF_8)
                .isEqualTo("now");
    }

    @Test
    void aFaultMeetsOnlyItsOwnOperation() {
        faults.always(S3Operation.UPLOAD_PART, S3Fault.INTERNAL_ERROR);
        faults.always(S3Operation.COPY_OBJECT, S3Fault.INTERNAL_ERROR);

        client.putObject(put -> put.bucket(bucket).key("k.csv"), RequestBody.fromString("fine"));

        assertThat(s3.getObject(bucket, "k.csv"))
                .asString(StandardCharsets.UTF_8)
                .isEqualTo("fine");
        assertThatExceptionOfType(S3Exception.class)
                .isThrownBy(() -> client.copyObject(copy -> copy.sourceBucket(bucket)
                        .sourceKey("k.csv")
                        .destinationBucket(bucket)
                        .destinationKey("copy.csv")));
        assertThat(faults.traffic(S3Operation.PUT_OBJECT)).isEqualTo(new S3Traffic(1, 0));
        assertThat(faults.traffic(S3Operation.COPY_OBJECT)).isEqualTo(new S3Traffic(0, 1));
    }

    @Test
    void aSlowAnswerArrivesAfterTheDelayWithS3sResult() {
        Duration delay = Duration.ofMillis(700);
        faults.next(S3Operation.PUT_OBJECT, S3Fault.slowAnswer(delay), 1);

        long started = System.nanoTime();
        client.putObject(put -> put.bucket(bucket).key("k.csv"), RequestBody.fromString("late"));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(delay);
        assertThat(s3.getObject(bucket, "k.csv"))
                .asString(StandardCharsets.UTF_8)
                .isEqualTo("late");
        assertThat(faults.traffic(S3Operation.PUT_OBJECT)).isEqualTo(new S3Traffic(1, 1));
    }

    private void uploadInTwoParts(String key) {
        String uploadId = client.createMultipartUpload(
                        create -> create.bucket(bucket).key(key))
                .uploadId();
        byte[] first = new byte[5 * 1024 * 1024]; // every part but the last is at least 5 MiB
        Arrays.fill(first, (byte) 'x');
        String firstTag = client.uploadPart(
                        part -> part.bucket(bucket).key(key).uploadId(uploadId).partNumber(1),
                        RequestBody.fromBytes(first))
                .eTag();
        String lastTag = uploadPart(key, uploadId, 2, "tail");
        client.completeMultipartUpload(complete -> complete.bucket(bucket)
                .key(key)
                .uploadId(uploadId)
                .multipartUpload(upload -> upload.parts(
                        CompletedPart.builder().partNumber(1).eTag(firstTag).build(),
                        CompletedPart.builder().partNumber(2).eTag(lastTag).build())));
    }

    private String uploadPart(String key, String uploadId, int number, String content) {
        return client.uploadPart(
                        part -> part.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                        RequestBody.fromString(content))
                .eTag();
    }

    private void complete(String key, String uploadId, String eTag) {
        client.completeMultipartUpload(complete -> complete.bucket(bucket)
                .key(key)
                .uploadId(uploadId)
                .multipartUpload(upload -> upload.parts(
                        CompletedPart.builder().partNumber(1).eTag(eTag).build())));
    }

    /** Asked of S3 directly, not through the proxy. */
    private int partsInS3(String key, String uploadId) {
        return s3.client()
                .listParts(list -> list.bucket(bucket).key(key).uploadId(uploadId))
                .parts()
                .size();
    }

    private List<MultipartUpload> incompleteUploads() {
        return s3.client().listMultipartUploads(list -> list.bucket(bucket)).uploads();
    }
}

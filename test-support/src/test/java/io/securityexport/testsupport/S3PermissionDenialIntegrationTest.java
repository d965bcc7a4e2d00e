package io.securityexport.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetBucketLocationResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;

class S3PermissionDenialIntegrationTest {

    private final S3Server s3 = Infrastructure.shared().s3();
    private String bucket;

    @BeforeEach
    void createBucketWithAnObject() {
        bucket = TestResources.uniqueName("denial");
        s3.createBucket(bucket);
        putAsRoot("existing.txt", "existing");
    }

    /** One SDK call and the permission S3 checks for it. */
    private record Call(String name, S3Permission permission, Consumer<S3Client> action) {

        /** HEAD answers have no body, so the SDK sees the 403 but no error code. */
        boolean isHead() {
            return name.startsWith("Head");
        }
    }

    private List<Call> everyMappedCall() {
        return List.of(
                new Call("ListObjectsV2", S3Permission.LIST_BUCKET, c -> c.listObjectsV2(r -> r.bucket(bucket))),
                new Call("ListObjects", S3Permission.LIST_BUCKET, c -> c.listObjects(r -> r.bucket(bucket))),
                new Call("HeadBucket", S3Permission.LIST_BUCKET, c -> c.headBucket(r -> r.bucket(bucket))),
                new Call(
                        "GetBucketLocation",
                        S3Permission.GET_BUCKET_LOCATION,
                        c -> c.getBucketLocation(r -> r.bucket(bucket))),
                new Call(
                        "PutObject",
                        S3Permission.PUT_OBJECT,
                        c -> c.putObject(r -> r.bucket(bucket).key("put.txt"), RequestBody.fromString("put"))),
                new Call(
                        "CreateMultipartUpload",
                        S3Permission.PUT_OBJECT,
                        c -> c.createMultipartUpload(r -> r.bucket(bucket).key("created.bin"))),
                new Call("UploadPart", S3Permission.PUT_OBJECT, c -> {
                    String uploadId = createUploadAsRoot("part.bin");
                    c.uploadPart(
                            r -> r.bucket(bucket)
                                    .key("part.bin")
                                    .uploadId(uploadId)
                                    .partNumber(1),
                            RequestBody.fromString("part"));
                }),
                new Call("CompleteMultipartUpload", S3Permission.PUT_OBJECT, c -> {
                    String uploadId = createUploadAsRoot("completed.bin");
                    String etag = s3.client()
                            .uploadPart(
                                    r -> r.bucket(bucket)
                                            .key("completed.bin")
                                            .uploadId(uploadId)
                                            .partNumber(1),
                                    RequestBody.fromString("only part"))
                            .eTag();
                    c.completeMultipartUpload(r -> r.bucket(bucket)
                            .key("completed.bin")
                            .uploadId(uploadId)
                            .multipartUpload(u -> u.parts(CompletedPart.builder()
                                    .partNumber(1)
                                    .eTag(etag)
                                    .build())));
                }),
                new Call(
                        "GetObject",
                        S3Permission.GET_OBJECT,
                        c -> c.getObjectAsBytes(r -> r.bucket(bucket).key("existing.txt"))),
                new Call(
                        "HeadObject",
                        S3Permission.GET_OBJECT,
                        c -> c.headObject(r -> r.bucket(bucket).key("existing.txt"))),
                new Call("DeleteObject", S3Permission.DELETE_OBJECT, c -> {
                    putAsRoot("doomed.txt", "doomed");
                    c.deleteObject(r -> r.bucket(bucket).key("doomed.txt"));
                }),
                new Call("AbortMultipartUpload", S3Permission.DELETE_OBJECT, c -> {
                    String uploadId = createUploadAsRoot("aborted.bin");
                    c.abortMultipartUpload(
                            r -> r.bucket(bucket).key("aborted.bin").uploadId(uploadId));
                }));
    }

    @ParameterizedTest
    @EnumSource(S3Permission.class)
    void deniedPermissionIsAccessDeniedOnItsCallsWhileEveryOtherCallStillWorks(S3Permission denied) {
        AccessKey user = s3.createUser("denied-" + denied.name().toLowerCase().replace('_', '-'));
        s3.deny(user.accessKeyId(), denied);

        SoftAssertions softly = new SoftAssertions();
        try (S3Client client = clientFor(user)) {
            for (Call call : everyMappedCall()) {
                if (call.permission() == denied) {
                    softly.assertThatThrownBy(() -> call.action().accept(client))
                            .as(call.name())
                            .isInstanceOfSatisfying(S3Exception.class, e -> assertAccessDenied(e, call.isHead()));
                } else {
                    softly.assertThatCode(() -> call.action().accept(client))
                            .as(call.name())
                            .doesNotThrowAnyException();
                }
            }
        }
        softly.assertAll();
    }

    @Test
    void deniedWritesAndDeletesLeaveTheBucketUntouched() {
        AccessKey user = s3.createUser("no-writes");
        s3.deny(user.accessKeyId(), S3Permission.PUT_OBJECT);
        s3.deny(user.accessKeyId(), S3Permission.DELETE_OBJECT);

        try (S3Client client = clientFor(user)) {
            assertThatExceptionOfType(S3Exception.class)
                    .isThrownBy(() -> client.putObject(
                            r -> r.bucket(bucket).key("existing.txt"), RequestBody.fromString("overwritten")));
            assertThatExceptionOfType(S3Exception.class)
                    .isThrownBy(() -> client.putObject(
                            r -> r.bucket(bucket).key("new.txt"), RequestBody.fromBytes(new byte[1024 * 1024])));
            assertThatExceptionOfType(S3Exception.class)
                    .isThrownBy(() -> client.deleteObject(r -> r.bucket(bucket).key("existing.txt")));
        }

        assertThat(s3.listKeys(bucket)).containsExactly("existing.txt");
        assertThat(new String(s3.getObject(bucket, "existing.txt"), StandardCharsets.UTF_8))
                .isEqualTo("existing");
    }

    @Test
    void allowAllRestoresAccess() {
        AccessKey user = s3.createUser("restored");
        for (S3Permission permission : S3Permission.values()) {
            s3.deny(user.accessKeyId(), permission);
        }
        try (S3Client client = clientFor(user)) {
            assertThatExceptionOfType(S3Exception.class)
                    .isThrownBy(
                            () -> client.getObjectAsBytes(r -> r.bucket(bucket).key("existing.txt")))
                    .satisfies(e -> assertAccessDenied(e, false));

            s3.allowAll(user.accessKeyId());

            for (Call call : everyMappedCall()) {
                assertThatCode(() -> call.action().accept(client))
                        .as(call.name())
                        .doesNotThrowAnyException();
            }
        }
    }

    @Test
    void getBucketLocationAnswersUsEast1WhenNotDenied() {
        AccessKey plain = s3.createUser("location");
        AccessKey otherwiseDenied = s3.createUser("location-other-denials");
        s3.deny(otherwiseDenied.accessKeyId(), S3Permission.LIST_BUCKET);

        for (AccessKey user : List.of(plain, otherwiseDenied)) {
            try (S3Client client = clientFor(user)) {
                GetBucketLocationResponse location = client.getBucketLocation(r -> r.bucket(bucket));
                assertThat(location.sdkHttpResponse().statusCode()).isEqualTo(200);
                // S3 answers an empty LocationConstraint for us-east-1
                assertThat(location.locationConstraintAsString()).isNullOrEmpty();
            }
        }
    }

    @Test
    void deniedCallsStillCheckTheSignatureFirst() {
        AccessKey user = s3.createUser("denied-but-forged");
        for (S3Permission permission : S3Permission.values()) {
            s3.deny(user.accessKeyId(), permission);
        }
        AccessKey forged = new AccessKey(user.accessKeyId(), "z".repeat(40));

        try (S3Client client = clientFor(forged)) {
            assertThatExceptionOfType(S3Exception.class)
                    .isThrownBy(() -> client.getBucketLocation(r -> r.bucket(bucket)))
                    .satisfies(e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch"));
            assertThatExceptionOfType(S3Exception.class)
                    .isThrownBy(() -> client.putObject(r -> r.bucket(bucket).key("k"), RequestBody.fromString("v")))
                    .satisfies(e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch"));
        }
        try (S3Client client = clientFor(AccessKey.randomLongTerm())) {
            assertThatExceptionOfType(S3Exception.class)
                    .isThrownBy(() -> client.getBucketLocation(r -> r.bucket(bucket)))
                    .satisfies(e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAccessKeyId"));
        }
    }

    @Test
    void denialOnOneBucketLeavesOtherBucketsAndOtherKeysAlone() {
        String otherBucket = TestResources.uniqueName("denial-other");
        s3.createBucket(otherBucket);
        AccessKey user = s3.createUser("one-bucket");
        AccessKey bystander = s3.createUser("bystander");
        s3.deny(user.accessKeyId(), S3Permission.PUT_OBJECT, bucket);
        s3.deny(user.accessKeyId(), S3Permission.GET_BUCKET_LOCATION, bucket);

        try (S3Client client = clientFor(user)) {
            assertThatExceptionOfType(S3Exception.class)
                    .isThrownBy(() -> client.putObject(r -> r.bucket(bucket).key("k"), RequestBody.fromString("v")))
                    .satisfies(e -> assertAccessDenied(e, false));
            assertThatExceptionOfType(S3Exception.class)
                    .isThrownBy(() -> client.getBucketLocation(r -> r.bucket(bucket)))
                    .satisfies(e -> assertAccessDenied(e, false));
            client.putObject(r -> r.bucket(otherBucket).key("k"), RequestBody.fromString("v"));
            client.getBucketLocation(r -> r.bucket(otherBucket));
        }
        try (S3Client client = clientFor(bystander)) {
            client.putObject(r -> r.bucket(bucket).key("k"), RequestBody.fromString("v"));
            client.getBucketLocation(r -> r.bucket(bucket));
        }
        assertThat(s3.listKeys(otherBucket)).containsExactly("k");
    }

    @Test
    void multiObjectDeleteReportsEveryKeyAsAccessDeniedWhenDeleteIsDenied() {
        putAsRoot("second.txt", "second");
        AccessKey user = s3.createUser("multi-delete");
        s3.deny(user.accessKeyId(), S3Permission.DELETE_OBJECT);

        try (S3Client client = clientFor(user)) {
            DeleteObjectsResponse response = client.deleteObjects(r -> r.bucket(bucket)
                    .delete(d -> d.objects(
                            ObjectIdentifier.builder().key("existing.txt").build(),
                            ObjectIdentifier.builder().key("second.txt").build())));
            assertThat(response.deleted()).isEmpty();
            assertThat(response.errors())
                    .extracting(S3Error::key, S3Error::code, S3Error::message)
                    .containsExactlyInAnyOrder(
                            tuple("existing.txt", "AccessDenied", "Access Denied"),
                            tuple("second.txt", "AccessDenied", "Access Denied"));
        }
        assertThat(s3.listKeys(bucket)).containsExactly("existing.txt", "second.txt");
    }

    @Test
    void copyObjectNeedsGetObjectOnTheSourceAndPutObjectOnTheDestination() {
        String sourceBucket = TestResources.uniqueName("denial-source");
        s3.createBucket(sourceBucket);
        s3.client().putObject(r -> r.bucket(sourceBucket).key("source.txt"), RequestBody.fromString("source"));
        AccessKey user = s3.createUser("copier");
        s3.deny(user.accessKeyId(), S3Permission.GET_OBJECT, sourceBucket);

        try (S3Client client = clientFor(user)) {
            assertThatExceptionOfType(S3Exception.class)
                    .isThrownBy(() -> client.copyObject(r -> r.sourceBucket(sourceBucket)
                            .sourceKey("source.txt")
                            .destinationBucket(bucket)
                            .destinationKey("copy.txt")))
                    .satisfies(e -> assertAccessDenied(e, false));
            // reading the destination bucket was not denied
            client.copyObject(r -> r.sourceBucket(bucket)
                    .sourceKey("existing.txt")
                    .destinationBucket(bucket)
                    .destinationKey("copy.txt"));
        }
        assertThat(s3.listKeys(bucket)).containsExactly("copy.txt", "existing.txt");
    }

    @Test
    void onlyRegisteredNonRootKeysCanBeRestricted() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> s3.deny(s3.rootKey().accessKeyId(), S3Permission.GET_OBJECT));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> s3.deny(AccessKey.randomLongTerm().accessKeyId(), S3Permission.GET_OBJECT));
    }

    private static void assertAccessDenied(S3Exception e, boolean head) {
        assertThat(e.statusCode()).isEqualTo(403);
        if (!head) {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Access Denied");
        }
    }

    private void putAsRoot(String key, String content) {
        s3.client().putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString(content));
    }

    private String createUploadAsRoot(String key) {
        return s3.client().createMultipartUpload(r -> r.bucket(bucket).key(key)).uploadId();
    }

    private S3Client clientFor(AccessKey key) {
        return s3.clientFor(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey())));
    }
}

package io.securityexport.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

class S3ServerIntegrationTest {

    private final S3Server s3 = Infrastructure.shared().s3();
    private String bucket;

    @BeforeEach
    void createBucket() {
        bucket = TestResources.uniqueName("s3-test");
        s3.createBucket(bucket);
    }

    @Test
    void createdUserCanUploadInPartsAndReadTheObjectBack() {
        AccessKey user = s3.createUser("multipart");
        byte[] firstPart = new byte[5 * 1024 * 1024]; // every part but the last must be >= 5 MiB
        Arrays.fill(firstPart, (byte) 'a');
        byte[] lastPart = "tail".getBytes(StandardCharsets.UTF_8);

        try (S3Client client = clientFor(user)) {
            String uploadId = client.createMultipartUpload(r -> r.bucket(bucket).key("exports/big.csv"))
                    .uploadId();
            String firstEtag = client.uploadPart(
                            r -> r.bucket(bucket)
                                    .key("exports/big.csv")
                                    .uploadId(uploadId)
                                    .partNumber(1),
                            RequestBody.fromBytes(firstPart))
                    .eTag();
            String lastEtag = client.uploadPart(
                            r -> r.bucket(bucket)
                                    .key("exports/big.csv")
                                    .uploadId(uploadId)
                                    .partNumber(2),
                            RequestBody.fromBytes(lastPart))
                    .eTag();
            client.completeMultipartUpload(r -> r.bucket(bucket)
                    .key("exports/big.csv")
                    .uploadId(uploadId)
                    .multipartUpload(u -> u.parts(
                            CompletedPart.builder()
                                    .partNumber(1)
                                    .eTag(firstEtag)
                                    .build(),
                            CompletedPart.builder().partNumber(2).eTag(lastEtag).build())));

            byte[] read = client.getObjectAsBytes(r -> r.bucket(bucket).key("exports/big.csv"))
                    .asByteArray();
            assertThat(read).hasSize(firstPart.length + lastPart.length);
            assertThat(Arrays.copyOfRange(read, firstPart.length, read.length)).isEqualTo(lastPart);
        }
        assertThat(s3.listKeys(bucket)).containsExactly("exports/big.csv");
    }

    @Test
    void uploadRequestingServerSideEncryptionIsAccepted() {
        AccessKey user = s3.createUser("sse");

        try (S3Client client = clientFor(user)) {
            client.putObject(
                    r -> r.bucket(bucket).key("sse.txt").serverSideEncryption(ServerSideEncryption.AES256),
                    RequestBody.fromString("secret data"));
        }

        assertThat(new String(s3.getObject(bucket, "sse.txt"), StandardCharsets.UTF_8))
                .isEqualTo("secret data");
    }

    @Test
    void wrongSecretIsRejectedWithSignatureDoesNotMatch() {
        AccessKey user = s3.createUser("wrong-secret");
        AccessKey forged = new AccessKey(user.accessKeyId(), "x".repeat(40));

        try (S3Client client = clientFor(forged)) {
            assertThatExceptionOfType(S3Exception.class)
                    .isThrownBy(() -> client.putObject(r -> r.bucket(bucket).key("k"), RequestBody.fromString("v")))
                    .satisfies(e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
                    });
        }
        assertThat(s3.listKeys(bucket)).isEmpty();
    }

    @Test
    void unknownAccessKeyIsRejectedWithInvalidAccessKeyId() {
        AccessKey unknown = AccessKey.randomLongTerm();

        try (S3Client client = clientFor(unknown)) {
            assertThatExceptionOfType(S3Exception.class)
                    .isThrownBy(() -> client.listObjectsV2(r -> r.bucket(bucket)))
                    .satisfies(e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAccessKeyId");
                    });
        }
    }

    @Test
    void rootClientSeesWhatUsersWrote() {
        AccessKey user = s3.createUser("writer");
        try (S3Client client = clientFor(user)) {
            client.putObject(r -> r.bucket(bucket).key("b"), RequestBody.fromString("2"));
            client.putObject(r -> r.bucket(bucket).key("a"), RequestBody.fromString("1"));
        }

        assertThat(s3.listKeys(bucket)).containsExactly("a", "b");
        assertThat(s3.getObject(bucket, "a")).isEqualTo("1".getBytes(StandardCharsets.UTF_8));
        assertThat(s3.client()
                        .headBucket(r -> r.bucket(bucket))
                        .sdkHttpResponse()
                        .isSuccessful())
                .isTrue();
    }

    @Test
    void locationOfABucketThatDoesNotExistIsNoSuchBucketAsOnAws() {
        AccessKey user = s3.createUser("location");
        String missing = TestResources.uniqueName("no-such-bucket");

        try (S3Client client = clientFor(user)) {
            assertThatExceptionOfType(S3Exception.class)
                    .isThrownBy(() -> client.getBucketLocation(r -> r.bucket(missing)))
                    .satisfies(e -> {
                        assertThat(e.statusCode()).isEqualTo(404);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchBucket");
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The specified bucket does not exist");
                    });
        }
    }

    @Test
    void locationOfAnExistingBucketIsItsRegion() {
        AccessKey user = s3.createUser("location");
        String european = TestResources.uniqueName("eu-bucket");
        s3.createBucket(european, "eu-west-1");

        try (S3Client client = clientFor(user)) {
            assertThat(client.getBucketLocation(r -> r.bucket(bucket)).locationConstraintAsString())
                    .as("us-east-1 is answered as an empty constraint, as AWS does")
                    .isEmpty();
            assertThat(client.getBucketLocation(r -> r.bucket(european)).locationConstraintAsString())
                    .isEqualTo("eu-west-1");
        }
    }

    @Test
    void locationOfAMissingBucketWithAWrongSecretIsStillSignatureDoesNotMatch() {
        AccessKey user = s3.createUser("location-forged");
        AccessKey forged = new AccessKey(user.accessKeyId(), "x".repeat(40));

        try (S3Client client = clientFor(forged)) {
            assertThatExceptionOfType(S3Exception.class)
                    .isThrownBy(() -> client.getBucketLocation(r -> r.bucket(TestResources.uniqueName("none"))))
                    .satisfies(e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch"));
        }
    }

    @Test
    void endpointIsLoopbackHttpInUsEast1() {
        assertThat(s3.endpoint().toString()).matches("http://127\\.0\\.0\\.1:\\d+");
        assertThat(s3.region()).isEqualTo("us-east-1");
    }

    private S3Client clientFor(AccessKey key) {
        return s3.clientFor(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey())));
    }
}

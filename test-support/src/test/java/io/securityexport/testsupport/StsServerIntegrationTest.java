package io.securityexport.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

class StsServerIntegrationTest {

    private final Infrastructure infrastructure = Infrastructure.shared();
    private final StsServer sts = infrastructure.sts();
    private final S3Server s3 = infrastructure.s3();
    private String roleArn;
    private String bucket;

    @BeforeEach
    void defineRoleAndBucket() {
        roleArn = "arn:aws:iam::210987654321:role/" + TestResources.uniqueName("export-writer");
        sts.defineRole(roleArn, Optional.of("tenant-42"));
        bucket = TestResources.uniqueName("customer-bucket");
        s3.createBucket(bucket);
    }

    @Test
    void assumedRoleCredentialsWithSessionTokenCanWriteToS3() {
        Credentials credentials;
        try (StsClient client = stsClient(sts.platformKey())) {
            AssumeRoleResponse response = client.assumeRole(r -> r.roleArn(roleArn)
                    .roleSessionName("export-1")
                    .externalId("tenant-42")
                    .durationSeconds(900));
            credentials = response.credentials();
            assertThat(response.assumedRoleUser().arn())
                    .isEqualTo(roleArn.replace(":iam::", ":sts::").replace(":role/", ":assumed-role/") + "/export-1");
        }
        assertThat(credentials.accessKeyId()).startsWith("ASIA").hasSize(20);
        assertThat(credentials.sessionToken()).isNotBlank();
        assertThat(credentials.expiration())
                .isBetween(
                        Instant.now().plus(Duration.ofMinutes(14)),
                        Instant.now().plus(Duration.ofMinutes(16)));

        try (S3Client client = s3.clientFor(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken())))) {
            client.putObject(r -> r.bucket(bucket).key("from-role.txt"), RequestBody.fromString("ok"));
        }
        assertThat(new String(s3.getObject(bucket, "from-role.txt"), StandardCharsets.UTF_8))
                .isEqualTo("ok");
    }

    @Test
    void wrongExternalIdIsAccessDenied() {
        try (StsClient client = stsClient(sts.platformKey())) {
            assertThatExceptionOfType(StsException.class)
                    .isThrownBy(() -> client.assumeRole(
                            r -> r.roleArn(roleArn).roleSessionName("session").externalId("tenant-43")))
                    .satisfies(e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                        assertThat(e.awsErrorDetails().errorMessage())
                                .isEqualTo("User: arn:aws:iam::"
                                        + sts.platformAccountId() + ":user/platform is not authorized to perform:"
                                        + " sts:AssumeRole on resource: " + roleArn);
                    });
        }
    }

    @Test
    void missingExternalIdIsAccessDeniedWhenTheRoleRequiresOne() {
        try (StsClient client = stsClient(sts.platformKey())) {
            assertThatExceptionOfType(StsException.class)
                    .isThrownBy(() -> client.assumeRole(r -> r.roleArn(roleArn).roleSessionName("session")))
                    .satisfies(e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
        }
    }

    @Test
    void undefinedRoleIsAccessDenied() {
        try (StsClient client = stsClient(sts.platformKey())) {
            assertThatExceptionOfType(StsException.class)
                    .isThrownBy(() -> client.assumeRole(r -> r.roleArn("arn:aws:iam::210987654321:role/nobody")
                            .roleSessionName("session")
                            .externalId("tenant-42")))
                    .satisfies(e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
        }
    }

    @Test
    void roleWithoutRequiredExternalIdIsAssumedWithoutOne() {
        String openRole = "arn:aws:iam::210987654321:role/" + TestResources.uniqueName("open");
        sts.defineRole(openRole, Optional.empty());

        try (StsClient client = stsClient(sts.platformKey())) {
            assertThat(client.assumeRole(r -> r.roleArn(openRole).roleSessionName("no-external-id"))
                            .credentials()
                            .accessKeyId())
                    .startsWith("ASIA");
        }
    }

    @Test
    void callerWithWrongSecretGetsSignatureDoesNotMatch() {
        AccessKey forged = new AccessKey(sts.platformKey().accessKeyId(), "y".repeat(40));

        try (StsClient client = stsClient(forged)) {
            assertThatExceptionOfType(StsException.class)
                    .isThrownBy(() -> client.assumeRole(
                            r -> r.roleArn(roleArn).roleSessionName("session").externalId("tenant-42")))
                    .satisfies(e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
                    });
        }
    }

    @Test
    void callerOtherThanThePlatformIsAnInvalidClientTokenId() {
        AccessKey s3User = s3.createUser("not-the-platform");

        try (StsClient client = stsClient(s3User)) {
            assertThatExceptionOfType(StsException.class)
                    .isThrownBy(() -> client.assumeRole(
                            r -> r.roleArn(roleArn).roleSessionName("session").externalId("tenant-42")))
                    .satisfies(e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
                    });
        }
    }

    @Test
    void assumeRoleCredentialsProviderWorksEndToEndAndCachesCredentials() {
        int callsBefore = sts.assumeRoleCalls();
        try (StsClient stsClient = stsClient(sts.platformKey());
                StsAssumeRoleCredentialsProvider provider = StsAssumeRoleCredentialsProvider.builder()
                        .stsClient(stsClient)
                        .refreshRequest(r ->
                                r.roleArn(roleArn).roleSessionName("provider").externalId("tenant-42"))
                        .build();
                S3Client client = s3.clientFor(provider)) {
            client.putObject(r -> r.bucket(bucket).key("one"), RequestBody.fromString("1"));
            client.putObject(r -> r.bucket(bucket).key("two"), RequestBody.fromString("2"));
        }

        assertThat(s3.listKeys(bucket)).containsExactly("one", "two");
        // one AssumeRole for both uploads: the provider caches until shortly before expiry
        assertThat(sts.assumeRoleCalls() - callsBefore).isEqualTo(1);
    }

    @Test
    void platformKeyIsALongTermKeyOfATwelveDigitAccount() {
        assertThat(sts.platformKey().accessKeyId()).matches("AKIA[A-Z0-9]{16}");
        assertThat(sts.platformKey().secretAccessKey()).hasSize(40);
        assertThat(sts.platformAccountId()).matches("\\d{12}");
        assertThat(sts.endpoint().toString()).matches("http://127\\.0\\.0\\.1:\\d+/");
    }

    private StsClient stsClient(AccessKey key) {
        return StsClient.builder()
                .endpointOverride(sts.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey())))
                .build();
    }
}

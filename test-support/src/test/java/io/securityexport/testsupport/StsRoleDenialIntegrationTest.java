package io.securityexport.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

class StsRoleDenialIntegrationTest {

    private final Infrastructure infrastructure = Infrastructure.shared();
    private final StsServer sts = infrastructure.sts();
    private final S3Server s3 = infrastructure.s3();
    private String roleArn;
    private String bucket;

    @BeforeEach
    void defineRoleAndBucket() {
        roleArn = "arn:aws:iam::210987654321:role/" + TestResources.uniqueName("restricted");
        sts.defineRole(roleArn, Optional.empty());
        bucket = TestResources.uniqueName("role-denial");
        s3.createBucket(bucket);
        s3.client().putObject(r -> r.bucket(bucket).key("existing.txt"), RequestBody.fromString("existing"));
    }

    @Test
    void denialForRoleAppliesToItsKeysMintedBeforeAndAfterIt() {
        Credentials mintedBefore = assumeRole(roleArn);

        sts.denyForRole(roleArn, S3Permission.PUT_OBJECT);
        Credentials mintedAfter = assumeRole(roleArn);

        for (Credentials credentials : new Credentials[] {mintedBefore, mintedAfter}) {
            withClient(credentials, client -> {
                assertAccessDenied(() -> client.putObject(r -> r.bucket(bucket).key("k"), RequestBody.fromString("v")));
                assertThat(client.getObjectAsBytes(r -> r.bucket(bucket).key("existing.txt"))
                                .asUtf8String())
                        .isEqualTo("existing");
                client.getBucketLocation(r -> r.bucket(bucket));
            });
        }
        assertThat(s3.listKeys(bucket)).containsExactly("existing.txt");
    }

    @Test
    void denialForRoleCoversGetBucketLocationAndListBucket() {
        sts.denyForRole(roleArn, S3Permission.GET_BUCKET_LOCATION);
        sts.denyForRole(roleArn, S3Permission.LIST_BUCKET, bucket);

        withClient(assumeRole(roleArn), client -> {
            assertAccessDenied(() -> client.getBucketLocation(r -> r.bucket(bucket)));
            assertAccessDenied(() -> client.listObjectsV2(r -> r.bucket(bucket)));
            client.putObject(r -> r.bucket(bucket).key("k"), RequestBody.fromString("v"));
        });
    }

    @Test
    void denialForRoleLeavesOtherRolesAndUsersAlone() {
        String otherRole = "arn:aws:iam::210987654321:role/" + TestResources.uniqueName("unrestricted");
        sts.defineRole(otherRole, Optional.empty());
        AccessKey user = s3.createUser("not-a-role");
        sts.denyForRole(roleArn, S3Permission.PUT_OBJECT);
        sts.denyForRole(roleArn, S3Permission.GET_BUCKET_LOCATION);

        withClient(assumeRole(otherRole), client -> {
            client.putObject(r -> r.bucket(bucket).key("from-other-role"), RequestBody.fromString("v"));
            client.getBucketLocation(r -> r.bucket(bucket));
        });
        try (S3Client client = s3.clientFor(StaticCredentialsProvider.create(
                AwsBasicCredentials.create(user.accessKeyId(), user.secretAccessKey())))) {
            client.putObject(r -> r.bucket(bucket).key("from-user"), RequestBody.fromString("v"));
            client.getBucketLocation(r -> r.bucket(bucket));
        }
        assertThat(s3.listKeys(bucket)).containsExactly("existing.txt", "from-other-role", "from-user");
    }

    @Test
    void allowAllOnAMintedKeyKeepsItsRoleDenialsUntilTheRoleIsAllowedAgain() {
        Credentials credentials = assumeRole(roleArn);
        sts.denyForRole(roleArn, S3Permission.GET_OBJECT);
        s3.deny(credentials.accessKeyId(), S3Permission.DELETE_OBJECT);

        s3.allowAll(credentials.accessKeyId());
        withClient(credentials, client -> {
            assertAccessDenied(
                    () -> client.getObjectAsBytes(r -> r.bucket(bucket).key("existing.txt")));
            client.deleteObject(r -> r.bucket(bucket).key("existing.txt"));
        });

        sts.allowAllForRole(roleArn);
        s3.client().putObject(r -> r.bucket(bucket).key("existing.txt"), RequestBody.fromString("again"));
        withClient(
                credentials,
                client -> assertThat(
                                client.getObjectAsBytes(r -> r.bucket(bucket).key("existing.txt"))
                                        .asUtf8String())
                        .isEqualTo("again"));
    }

    @Test
    void roleArnMustBeARoleArn() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> sts.denyForRole("arn:aws:iam::210987654321:user/x", S3Permission.PUT_OBJECT));
    }

    private Credentials assumeRole(String role) {
        AccessKey platform = sts.platformKey();
        try (StsClient client = StsClient.builder()
                .endpointOverride(sts.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(platform.accessKeyId(), platform.secretAccessKey())))
                .build()) {
            return client.assumeRole(r -> r.roleArn(role).roleSessionName("test-credentials"))
                    .credentials();
        }
    }

    private void withClient(Credentials credentials, Consumer<S3Client> action) {
        AwsCredentialsProvider provider = StaticCredentialsProvider.create(AwsSessionCredentials.create(
                credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken()));
        try (S3Client client = s3.clientFor(provider)) {
            action.accept(client);
        }
    }

    private static void assertAccessDenied(Runnable call) {
        assertThatExceptionOfType(S3Exception.class).isThrownBy(call::run).satisfies(e -> {
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
        });
    }
}

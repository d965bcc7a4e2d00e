package io.securityexport.config;

import io.securityexport.testsupport.AccessKey;
import io.securityexport.testsupport.Infrastructure;
import io.securityexport.testsupport.S3Permission;
import io.securityexport.testsupport.ServiceEnvironment;
import io.securityexport.testsupport.TestResources;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Test Credentials against the real SigV4-checking S3 server and the STS endpoint. */
@SpringBootTest(
        classes = ConfigApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.name=" + ConfigApplication.CONFIG_NAME,
            TestKeys.DEMO_KEYS_ALLOWED,
            "security-export.config.credential-test.assume-role-retries=0"
        })
class CredentialTestIntegrationTest {

    static final Infrastructure INFRASTRUCTURE = Infrastructure.shared();
    static final String PREFIX = TestResources.uniqueName("credtest");
    static final String DATABASE = INFRASTRUCTURE.postgres().createDatabase("credtest");
    static final AccessKey CUSTOMER = INFRASTRUCTURE.s3().createUser("credtest");
    static final String BUCKET = TestResources.uniqueName("cred-bucket");

    @Value("${local.server.port}")
    int port;

    WebTestClient api;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        INFRASTRUCTURE.s3().createBucket(BUCKET);
        INFRASTRUCTURE.kafka().createTopics(1, PREFIX + ".security-export-jobs", PREFIX + ".security-export-results");
        ServiceEnvironment.variables(INFRASTRUCTURE, DATABASE, PREFIX)
                .forEach((name, value) -> registry.add(name, () -> value));
    }

    @BeforeEach
    void client() {
        api = TenantClients.admin(port);
    }

    static String accessKey(String accessKeyId, String secret) {
        return accessKey(accessKeyId, secret, "audit");
    }

    static String accessKey(String accessKeyId, String secret, String folder) {
        return """
                {"bucket":"%s","folderPath":"%s","serverSideEncryption":true,
                 "credentials":{"method":"ACCESS_KEY","accessKeyId":"%s","secretAccessKey":"%s"}}""".formatted(BUCKET, folder, accessKeyId, secret);
    }

    static String role(String roleArn) {
        return """
                {"bucket":"%s","folderPath":"audit","credentials":{"method":"ROLE_ARN","roleArn":"%s"}}""".formatted(BUCKET, roleArn);
    }

    WebTestClient.BodyContentSpec test(String company, String json) {
        return api.post()
                .uri("/" + company + "/security-export/test")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody();
    }

    @Test
    void workingAccessKeyPassesEveryCheckAndLeavesNoProbeBehind() {
        test("good-key", accessKey(CUSTOMER.accessKeyId(), CUSTOMER.secretAccessKey(), "clean"))
                .jsonPath("$.passed")
                .isEqualTo(true)
                .jsonPath("$.checks[*].check")
                .isEqualTo(
                        java.util.List.of("GetBucketLocation", "ListBucket", "PutObject", "GetObject", "DeleteObject"))
                .jsonPath("$.checks[*].status")
                .isEqualTo(java.util.List.of("PASSED", "PASSED", "PASSED", "PASSED", "PASSED"));
        org.assertj.core.api.Assertions.assertThat(INFRASTRUCTURE.s3().listKeys(BUCKET))
                .noneMatch(key -> key.startsWith("clean/"));
    }

    @ParameterizedTest(name = "{0} denied")
    @CsvSource({
        "GET_BUCKET_LOCATION, GetBucketLocation, s3:GetBucketLocation",
        "LIST_BUCKET,         ListBucket,        s3:ListBucket",
        "PUT_OBJECT,          PutObject,         s3:PutObject",
        "GET_OBJECT,          GetObject,         s3:GetObject",
        "DELETE_OBJECT,       DeleteObject,      s3:DeleteObject"
    })
    void eachMissingPermissionFailsExactlyItsCheckAndSaysWhatToAdd(S3Permission denied, String check, String action) {
        AccessKey user = INFRASTRUCTURE.s3().createUser("denied");
        INFRASTRUCTURE.s3().deny(user.accessKeyId(), denied);

        test("denied-" + check.toLowerCase(), accessKey(user.accessKeyId(), user.secretAccessKey()))
                .jsonPath("$.passed")
                .isEqualTo(false)
                .jsonPath("$.checks[?(@.status == 'FAILED')].check")
                .isEqualTo(java.util.List.of(check))
                .jsonPath("$.checks[?(@.check == '" + check + "')].awsErrorCode")
                .isEqualTo("AccessDenied")
                .jsonPath("$.checks[?(@.check == '" + check + "')].message")
                .value(message -> org.assertj.core.api.Assertions.assertThat(message.toString())
                        .contains(check + " was denied on " + BUCKET)
                        .contains("add " + action));
    }

    @Test
    void aRoleMissingPutObjectIsNamedAfterAssumingIt() {
        String externalId = externalIdOf("role-denied");
        String roleArn = "arn:aws:iam::111122223333:role/no-put";
        INFRASTRUCTURE.sts().defineRole(roleArn, Optional.of(externalId));
        INFRASTRUCTURE.sts().denyForRole(roleArn, S3Permission.PUT_OBJECT);

        test("role-denied", role(roleArn))
                .jsonPath("$.passed")
                .isEqualTo(false)
                .jsonPath("$.checks[?(@.check == 'AssumeRole')].status")
                .isEqualTo("PASSED")
                .jsonPath("$.checks[?(@.check == 'PutObject')].message")
                .isEqualTo("PutObject was denied on " + BUCKET + " under audit/: add s3:PutObject on arn:aws:s3:::"
                        + BUCKET + "/audit/*");
    }

    @Test
    void aBucketThatDoesNotExistFailsGetBucketLocationWithNoSuchBucketAsOnAws() {
        String missing = "no-such-bucket-" + PREFIX.toLowerCase(java.util.Locale.ROOT);

        test(
                        "missing-bucket",
                        accessKey(CUSTOMER.accessKeyId(), CUSTOMER.secretAccessKey())
                                .replace("\"bucket\":\"" + BUCKET + "\"", "\"bucket\":\"" + missing + "\""))
                .jsonPath("$.passed")
                .isEqualTo(false)
                .jsonPath("$.checks[?(@.check == 'GetBucketLocation')].status")
                .isEqualTo("FAILED")
                .jsonPath("$.checks[?(@.check == 'GetBucketLocation')].awsErrorCode")
                .isEqualTo("NoSuchBucket")
                .jsonPath("$.checks[?(@.check == 'GetBucketLocation')].message")
                .isEqualTo("bucket " + missing + " does not exist (check the name and the account)");
    }

    @Test
    void anUnknownAccessKeyIsNamed() {
        test("unknown-key", accessKey("AKIAUNKNOWNUNKNOWN00", CUSTOMER.secretAccessKey()))
                .jsonPath("$.passed")
                .isEqualTo(false)
                .jsonPath("$.checks[?(@.check == 'PutObject')].awsErrorCode")
                .isEqualTo("InvalidAccessKeyId")
                .jsonPath("$.checks[?(@.check == 'GetObject')].status")
                .isEqualTo("SKIPPED");
    }

    @Test
    void aWrongSecretIsNamed() {
        test("wrong-secret", accessKey(CUSTOMER.accessKeyId(), "1111111111111111111111111111111111111111"))
                .jsonPath("$.passed")
                .isEqualTo(false)
                .jsonPath("$.checks[?(@.check == 'ListBucket')].awsErrorCode")
                .isEqualTo("SignatureDoesNotMatch")
                .jsonPath("$.checks[?(@.check == 'ListBucket')].message")
                .isEqualTo("the secret access key does not belong to this access key ID");
    }

    @Test
    void aRoleWithTheRightExternalIdPassesAndOneThatDoesNotRequireItIsWarnedAbout() {
        String externalId = externalIdOf("role-ok");
        INFRASTRUCTURE.sts().defineRole("arn:aws:iam::111122223333:role/strict", Optional.of(externalId));
        INFRASTRUCTURE.sts().defineRole("arn:aws:iam::111122223333:role/lax", Optional.empty());

        test("role-ok", role("arn:aws:iam::111122223333:role/strict"))
                .jsonPath("$.passed")
                .isEqualTo(true)
                .jsonPath("$.checks[0].check")
                .isEqualTo("AssumeRole")
                .jsonPath("$.checks[1].check")
                .isEqualTo("AssumeRoleWithoutExternalId")
                .jsonPath("$.checks[1].status")
                .isEqualTo("PASSED");
        test("role-ok", role("arn:aws:iam::111122223333:role/lax"))
                .jsonPath("$.passed")
                .isEqualTo(true)
                .jsonPath("$.checks[1].status")
                .isEqualTo("WARNING");
    }

    @Test
    void aRoleExpectingAnotherExternalIdFailsAssumeRoleAndSkipsTheRest() {
        INFRASTRUCTURE.sts().defineRole("arn:aws:iam::111122223333:role/other-tenant", Optional.of("sx-somebody-else"));

        test("role-wrong", role("arn:aws:iam::111122223333:role/other-tenant"))
                .jsonPath("$.passed")
                .isEqualTo(false)
                .jsonPath("$.checks[0].check")
                .isEqualTo("AssumeRole")
                .jsonPath("$.checks[0].awsErrorCode")
                .isEqualTo("AccessDenied")
                .jsonPath("$.checks[0].message")
                .value(message -> org.assertj.core.api.Assertions.assertThat((String) message)
                        .contains(INFRASTRUCTURE.sts().platformAccountId())
                        .contains("sts:ExternalId"))
                .jsonPath("$.checks[?(@.check == 'PutObject')].status")
                .isEqualTo("SKIPPED");
    }

    @Test
    void awsTrustGivesTheExternalIdAndPoliciesForExactlyThisBucketAndFolder() {
        String externalId = externalIdOf("trusting");
        api.get()
                .uri("/trusting/security-export/aws-trust?bucket=acme-logs&folderPath=audit/prod")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.accountId")
                .isEqualTo(INFRASTRUCTURE.sts().platformAccountId())
                .jsonPath("$.externalId")
                .isEqualTo(externalId)
                .jsonPath("$.trustPolicy.Statement[0].Principal.AWS")
                .isEqualTo("arn:aws:iam::" + INFRASTRUCTURE.sts().platformAccountId() + ":root")
                .jsonPath("$.trustPolicy.Statement[0].Condition.StringEquals['sts:ExternalId']")
                .isEqualTo(externalId)
                .jsonPath("$.permissionPolicy.Statement[0].Condition.StringLike['s3:prefix'][0]")
                .isEqualTo("audit/prod/*")
                .jsonPath("$.permissionPolicy.Statement[2].Resource")
                .isEqualTo("arn:aws:s3:::acme-logs/audit/prod/*");
    }

    @Test
    void theExternalIdIsStableAndDiffersBetweenCompanies() {
        org.assertj.core.api.Assertions.assertThat(externalIdOf("stable-a"))
                .isEqualTo(externalIdOf("stable-a"))
                .isNotEqualTo(externalIdOf("stable-b"))
                .matches("sx-[0-9a-f]{32}");
    }

    @Test
    void aMalformedRoleArnOrMethodIsNamed() {
        api.put()
                .uri("/bad-role/security-export")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(role("arn:aws:iam::12:user/nope"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("credentials.roleArn");
        api.put()
                .uri("/bad-method/security-export")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(role("arn:aws:iam::123456789012:role/x").replace("ROLE_ARN", "PASSWORD"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("credentials.method");
    }

    String externalIdOf(String company) {
        return (String) api.get()
                .uri("/" + company + "/security-export/aws-trust")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(java.util.Map.class)
                .returnResult()
                .getResponseBody()
                .get("externalId");
    }
}

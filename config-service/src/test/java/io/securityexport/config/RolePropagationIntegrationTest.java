package io.securityexport.config;

import io.securityexport.testsupport.Infrastructure;
import io.securityexport.testsupport.ServiceEnvironment;
import io.securityexport.testsupport.TestResources;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A role created moments ago is refused by STS for a while (IAM propagation); Test Credentials waits it out. */
@SpringBootTest(
        classes = ConfigApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.name=" + ConfigApplication.CONFIG_NAME,
            TestKeys.DEMO_KEYS_ALLOWED,
            "security-export.config.credential-test.assume-role-retries=4",
            "security-export.config.credential-test.assume-role-retry-delay=500ms"
        })
class RolePropagationIntegrationTest {

    static final Infrastructure INFRASTRUCTURE = Infrastructure.shared();
    static final String PREFIX = TestResources.uniqueName("propagation");
    static final String DATABASE = INFRASTRUCTURE.postgres().createDatabase("propagation");
    static final String BUCKET = TestResources.uniqueName("fresh-role");

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        INFRASTRUCTURE.s3().createBucket(BUCKET);
        ServiceEnvironment.variables(INFRASTRUCTURE, DATABASE, PREFIX)
                .forEach((name, value) -> registry.add(name, () -> value));
    }

    @Test
    void aRoleThatBecomesAssumableSecondsLaterStillPasses() {
        WebTestClient api = TenantClients.admin(port);
        String externalId = (String) api.get()
                .uri("/fresh/security-export/aws-trust")
                .exchange()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("externalId");
        String roleArn = "arn:aws:iam::444455556666:role/just-created";
        // the role "propagates" one second from now: the first AssumeRole attempts are refused
        CompletableFuture.runAsync(
                () -> INFRASTRUCTURE.sts().defineRole(roleArn, Optional.of(externalId)),
                CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS));

        api.post()
                .uri("/fresh/security-export/test")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"bucket":"%s","credentials":{"method":"ROLE_ARN","roleArn":"%s"}}""".formatted(BUCKET, roleArn))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.passed")
                .isEqualTo(true)
                .jsonPath("$.checks[0].check")
                .isEqualTo("AssumeRole")
                .jsonPath("$.checks[0].status")
                .isEqualTo("PASSED");
    }
}

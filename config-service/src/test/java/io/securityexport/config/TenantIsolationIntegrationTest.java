package io.securityexport.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.securityexport.testsupport.AccessKey;
import io.securityexport.testsupport.Infrastructure;
import io.securityexport.testsupport.TestResources;
import io.securityexport.testsupport.TestTokens;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Tokens, tenants and scopes: nobody sees or changes another company's export, and readers only read. */
@SpringBootTest(
        classes = ConfigApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + ConfigApplication.CONFIG_NAME, TestKeys.DEMO_KEYS_ALLOWED})
class TenantIsolationIntegrationTest {

    static final Infrastructure INFRASTRUCTURE = Infrastructure.shared();
    static final String PREFIX = TestResources.uniqueName("tenants");
    static final String DATABASE = INFRASTRUCTURE.postgres().createDatabase("tenants");
    static final AccessKey CUSTOMER = INFRASTRUCTURE.s3().createUser("tenants");
    static final String BUCKET = TestResources.uniqueName("tenant-bucket");
    static final String SETTINGS = """
            {"bucket":"%s","credentials":{"method":"ACCESS_KEY","accessKeyId":"%s","secretAccessKey":"%s"}}""".formatted(BUCKET, CUSTOMER.accessKeyId(), CUSTOMER.secretAccessKey());

    @Value("${local.server.port}")
    int port;

    WebTestClient anonymous;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        INFRASTRUCTURE.s3().createBucket(BUCKET);
        ConfigEnvironment.register(registry, INFRASTRUCTURE, DATABASE, PREFIX);
    }

    @BeforeEach
    void setUp() {
        anonymous = TenantClients.anonymous(port);
        TenantClients.admin(port)
                .put()
                .uri("/company-a/security-export")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(SETTINGS)
                .exchange()
                // created by the first test, already there (and so If-Match required) for the others
                .expectStatus()
                .value(status -> assertThat(status).isIn(200, 428));
    }

    @Test
    void aTokenForCompanyAIsRefusedEverywhereOnCompanyB() {
        String tokenA = "Bearer " + TestTokens.admin("company-a");
        for (String path : new String[] {"", "/runs", "/aws-trust", "/channels"}) {
            anonymous
                    .get()
                    .uri("/company-b/security-export" + path)
                    .header("Authorization", tokenA)
                    .exchange()
                    .expectStatus()
                    .isForbidden()
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody(String.class)
                    .value(body -> assertThat(body).doesNotContain("company-b"));
        }
        anonymous
                .put()
                .uri("/company-b/security-export")
                .header("Authorization", tokenA)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(SETTINGS)
                .exchange()
                .expectStatus()
                .isForbidden();
        anonymous
                .delete()
                .uri("/company-b/security-export")
                .header("Authorization", tokenA)
                .exchange()
                .expectStatus()
                .isForbidden();
        anonymous
                .post()
                .uri("/company-b/security-export/runs")
                .header("Authorization", tokenA)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"day\":\"2026-11-20\"}")
                .exchange()
                .expectStatus()
                .isForbidden();
        anonymous
                .post()
                .uri("/company-b/security-export/channels")
                .header("Authorization", tokenA)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"kind\":\"email\",\"addresses\":[\"a@example.com\"]}")
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    @Test
    void companyBCannotReadCompanyAsSettings() {
        anonymous
                .get()
                .uri("/company-a/security-export")
                .header("Authorization", "Bearer " + TestTokens.admin("company-b"))
                .exchange()
                .expectStatus()
                .isForbidden();
        TenantClients.admin(port)
                .get()
                .uri("/company-a/security-export")
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void aReaderMayReadButNotChange() {
        WebTestClient reader = TenantClients.reader(port);
        reader.get().uri("/company-a/security-export").exchange().expectStatus().isOk();
        reader.get()
                .uri("/company-a/security-export/runs")
                .exchange()
                .expectStatus()
                .isOk();
        reader.put()
                .uri("/company-a/security-export")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(SETTINGS)
                .exchange()
                .expectStatus()
                .isForbidden();
        reader.post()
                .uri("/company-a/security-export/test")
                .exchange()
                .expectStatus()
                .isForbidden();
        reader.delete()
                .uri("/company-a/security-export")
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    @Test
    void missingExpiredForeignOrTamperedTokensAreUnauthorized() {
        anonymous
                .get()
                .uri("/company-a/security-export")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        String expired = TestTokens.mint("company-a", "a@a.io", TestTokens.ADMIN_SCOPE, Duration.ofMinutes(-10));
        anonymous
                .get()
                .uri("/company-a/security-export")
                .header("Authorization", "Bearer " + expired)
                .exchange()
                .expectStatus()
                .isUnauthorized();
        String token = TestTokens.admin("company-a");
        String tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        anonymous
                .get()
                .uri("/company-a/security-export")
                .header("Authorization", "Bearer " + tampered)
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void theApiIsDescribedAsOpenApiWithEveryEndpoint() {
        WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                // the description is generated on the first call, which takes seconds on a busy machine
                .responseTimeout(java.time.Duration.ofSeconds(60))
                .build()
                .get()
                .uri("/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .value(spec -> assertThat(spec)
                        .contains("\"openapi\"")
                        .contains("/api/v1/companies/{companyId}/security-export")
                        .contains("/api/v1/companies/{companyId}/security-export/test")
                        .contains("/api/v1/companies/{companyId}/security-export/aws-trust")
                        .contains("/api/v1/companies/{companyId}/security-export/runs")
                        .contains("/api/v1/companies/{companyId}/security-export/channels")
                        .contains("/api/v1/companies/{companyId}/security-export/channels/{channelId}/test")
                        .contains("/api/v1/companies/{companyId}/security-export/channels/{channelId}/deliveries")
                        .contains("bearer"));
    }

    @Test
    void healthAndMetricsNeedNoToken() {
        WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .build()
                .get()
                .uri("/actuator/health")
                .exchange()
                .expectStatus()
                .isOk();
    }
}

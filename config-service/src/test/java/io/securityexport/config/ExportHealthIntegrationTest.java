package io.securityexport.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.securityexport.testsupport.Infrastructure;
import io.securityexport.testsupport.TestResources;
import io.securityexport.testsupport.TestTokens;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The export's health through the API, from runs written straight into the run history. */
@SpringBootTest(
        classes = ConfigApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.name=" + ConfigApplication.CONFIG_NAME,
            TestKeys.DEMO_KEYS_ALLOWED,
            "SCHEDULER_ENABLED=false"
        })
class ExportHealthIntegrationTest {

    private static final Infrastructure INFRASTRUCTURE = Infrastructure.shared();
    private static final String PREFIX = TestResources.uniqueName("health");
    private static final String DATABASE = INFRASTRUCTURE.postgres().createDatabase("health");
    /** Saved with saveAnyway: the health does not depend on the bucket being reachable. */
    private static final String SETTINGS = """
            {"enabled":%s,"bucket":"health-bucket","region":"us-east-1",
             "credentials":{"method":"ACCESS_KEY","accessKeyId":"AKIAIOSFODNN7EXAMPLE",
                            "secretAccessKey":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}}""";

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ConfigEnvironment.register(registry, INFRASTRUCTURE, DATABASE, PREFIX);
    }

    @Test
    void aCompanyWithoutSettingsIsNotConfigured() {
        TenantClients.reader(port)
                .get()
                .uri("/health-nobody/security-export/health")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("NOT_CONFIGURED");
    }

    @Test
    void aFailedDayAboutToLeaveTheRetentionIsAtRiskWithItsDaysLeftAndLatestError() throws Exception {
        save("health-risk", true);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        run("health-risk", today.minusDays(29), "SUCCEEDED", null, today.minusDays(28) + "T00:10:00Z");
        run("health-risk", today.minusDays(28), "FAILED", "AccessDenied", today.minusDays(27) + "T00:10:00Z");
        run("health-risk", today.minusDays(28), "FAILED", "NoSuchBucket", today.minusDays(26) + "T00:10:00Z");
        run("health-risk", today.minusDays(2), "FAILED", "NoSuchBucket", today.minusDays(1) + "T00:10:00Z");

        TenantClients.reader(port)
                .get()
                .uri("/health-risk/security-export/health")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("AT_RISK")
                .jsonPath("$.lastSuccessfulDay")
                .isEqualTo(today.minusDays(29).toString())
                .jsonPath("$.failingSince")
                .isEqualTo(today.minusDays(27) + "T00:10:00Z")
                .jsonPath("$.pendingDays.length()")
                .isEqualTo(2)
                .jsonPath("$.oldestPendingDay")
                .isEqualTo(today.minusDays(28).toString())
                // kept while today - 30 <= day: gone on day + 31, three days from now
                .jsonPath("$.oldestPendingLeavesOn")
                .isEqualTo(today.plusDays(3).toString())
                .jsonPath("$.daysLeft")
                .isEqualTo(3)
                .jsonPath("$.lastErrorCode")
                .isEqualTo("NoSuchBucket")
                .jsonPath("$.summary")
                .value(summary -> assertThat((String) summary).contains("3 days left"));
    }

    @Test
    void theSettingsShowTheHealthSummary() throws Exception {
        save("health-settings", true);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        run("health-settings", today.minusDays(3), "FAILED", "AccessDenied", today.minusDays(2) + "T00:10:00Z");

        TenantClients.reader(port)
                .get()
                .uri("/health-settings/security-export")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.bucket")
                .isEqualTo("health-bucket")
                .jsonPath("$.health.status")
                .isEqualTo("FAILING")
                .jsonPath("$.health.lastErrorCode")
                .isEqualTo("AccessDenied");
    }

    @Test
    void aSwitchedOffExportIsDisabled() {
        save("health-off", false);

        TenantClients.reader(port)
                .get()
                .uri("/health-off/security-export/health")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("DISABLED");
    }

    @Test
    void anotherCompanysHealthIsForbidden() {
        WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .build()
                .get()
                .uri("/api/v1/companies/health-victim/security-export/health")
                .header("Authorization", "Bearer " + TestTokens.admin("health-intruder"))
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    @Test
    void theHealthCallIsDescribedInTheOpenApiDocument() {
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
                .expectBody()
                .jsonPath("$.paths['/api/v1/companies/{companyId}/security-export/health'].get.summary")
                .isEqualTo("The export's health at a glance")
                .jsonPath("$.paths['/api/v1/companies/{companyId}/security-export/runs'].post.responses['409']")
                .exists();
    }

    private void save(String company, boolean enabled) {
        TenantClients.admin(port)
                .put()
                .uri("/" + company + "/security-export?saveAnyway=true")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(SETTINGS.formatted(enabled))
                .exchange()
                .expectStatus()
                .isOk();
    }

    private static void run(String company, LocalDate day, String status, String errorCode, String finishedAt)
            throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                        INFRASTRUCTURE.postgres().jdbcUrl(DATABASE),
                        INFRASTRUCTURE.postgres().username(),
                        INFRASTRUCTURE.postgres().password());
                Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO config.export_runs (job_id, company_id, day, trigger, status, requested_at,"
                    + " published_at, finished_at, error_code, error_message) VALUES (gen_random_uuid(), '" + company
                    + "', '" + day + "', 'RETRY', '" + status + "', '" + finishedAt + "', '" + finishedAt + "', '"
                    + finishedAt + "', " + (errorCode == null ? "NULL" : "'" + errorCode + "'") + ", "
                    + (errorCode == null ? "NULL" : "'" + errorCode + " happened'") + ")");
        }
    }
}

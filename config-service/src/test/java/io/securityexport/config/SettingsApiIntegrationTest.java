package io.securityexport.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.securityexport.testsupport.Infrastructure;
import io.securityexport.testsupport.ServiceEnvironment;
import io.securityexport.testsupport.TestResources;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(classes = ConfigApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + ConfigApplication.CONFIG_NAME)
class SettingsApiIntegrationTest {

    private static final Infrastructure INFRASTRUCTURE = Infrastructure.shared();
    private static final String PREFIX = TestResources.uniqueName("config");
    private static final String DATABASE = INFRASTRUCTURE.postgres().createDatabase("config");
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String VALID = """
            {"enabled":true,"bucket":"acme-audit-logs","region":"eu-west-1","folderPath":"audit/security",
             "serverSideEncryption":true,
             "credentials":{"method":"ACCESS_KEY","accessKeyId":"AKIAIOSFODNN7EXAMPLE","secretAccessKey":"%s"}}"""
            .formatted(SECRET);

    @Value("${local.server.port}")
    int port;
    WebTestClient api;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        INFRASTRUCTURE.kafka().createTopics(1, PREFIX + ".security-export-jobs", PREFIX + ".security-export-results");
        ServiceEnvironment.variables(INFRASTRUCTURE, DATABASE, PREFIX).forEach((name, value) -> registry.add(name, () -> value));
    }

    @BeforeEach
    void client() {
        api = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port + "/api/v1/companies").build();
    }

    @Test
    void savedSettingsComeBackWithoutTheSecret() {
        put("acme", VALID).expectStatus().isOk();

        api.get().uri("/acme/security-export").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.bucket").isEqualTo("acme-audit-logs")
                .jsonPath("$.region").isEqualTo("eu-west-1")
                .jsonPath("$.folderPath").isEqualTo("audit/security")
                .jsonPath("$.serverSideEncryption").isEqualTo(true)
                .jsonPath("$.credentials.accessKeyIdLast4").isEqualTo("MPLE")
                .jsonPath("$.credentials.secretAccessKeySet").isEqualTo(true);
        assertThat(getBody("acme")).doesNotContain(SECRET).doesNotContain("AKIAIOSFODNN7EXAMPLE");
    }

    @Test
    void theSecretIsEncryptedAtRest() throws Exception {
        put("at-rest", VALID).expectStatus().isOk();

        try (Connection connection = DriverManager.getConnection(INFRASTRUCTURE.postgres().jdbcUrl(DATABASE),
                INFRASTRUCTURE.postgres().username(), INFRASTRUCTURE.postgres().password());
             ResultSet row = connection.createStatement().executeQuery(
                     "SELECT secret_ciphertext, secret_key_version FROM config.export_settings WHERE company_id = 'at-rest'")) {
            row.next();
            assertThat(new String(row.getBytes(1), StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);
            assertThat(row.getInt(2)).isEqualTo(1);
        }
    }

    @Test
    void anUpdateWithoutSecretKeepsTheStoredOne() {
        put("keeps", VALID).expectStatus().isOk();

        put("keeps", VALID.replace(",\"secretAccessKey\":\"" + SECRET + "\"", "").replace("acme-audit-logs", "acme-other"))
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.bucket").isEqualTo("acme-other")
                .jsonPath("$.version").isEqualTo(2)
                .jsonPath("$.credentials.secretAccessKeySet").isEqualTo(true);
    }

    @Test
    void everyInvalidFieldIsNamedInAProblemResponse() {
        String invalid = """
                {"bucket":"Bad_Bucket","region":"moon-1","folderPath":"/leading",
                 "credentials":{"method":"ACCESS_KEY","accessKeyId":"nope","secretAccessKey":"short"}}""";

        put("invalid", invalid)
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://security-export.dev/problems/invalid-settings")
                .jsonPath("$.errors[*].field").value(fields -> assertThat(fields.toString())
                        .contains("bucket", "region", "folderPath", "credentials.accessKeyId", "credentials.secretAccessKey"))
                .jsonPath("$.detail").value(detail -> assertThat(detail.toString()).doesNotContain("short"));
    }

    @Test
    void aNewCompanyMustGiveItsSecret() {
        put("no-secret", VALID.replace(",\"secretAccessKey\":\"" + SECRET + "\"", ""))
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("credentials.secretAccessKey");
    }

    @Test
    void malformedJsonIsAProblemThatDoesNotEchoTheBody() {
        put("malformed", "{\"credentials\":{\"secretAccessKey\":\"" + SECRET + "\"")
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class).value(body -> assertThat(body).doesNotContain(SECRET));
    }

    @Test
    void deletingErasesTheSettingsAndSecret() {
        put("leaving", VALID).expectStatus().isOk();

        api.delete().uri("/leaving/security-export").exchange().expectStatus().isNoContent();

        api.get().uri("/leaving/security-export").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void anExportCanBeRequestedForTodayButNotForTheFuture() {
        put("runs-co", VALID).expectStatus().isOk();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);

        requestRun("runs-co", today.plusDays(1)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("https://security-export.dev/problems/day-not-exportable");
        requestRun("runs-co", today).expectStatus().isAccepted()
                .expectBody().jsonPath("$.status").isEqualTo("REQUESTED");
        api.get().uri("/runs-co/security-export/runs").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$[0].day").isEqualTo(today.toString());
    }

    @Test
    void anExportOfAnUnconfiguredCompanyIsNotFound() {
        requestRun("nobody", LocalDate.now(ZoneOffset.UTC)).expectStatus().isNotFound();
    }

    @Test
    void anInvalidCompanyIdInThePathIsRefused() {
        api.get().uri("/bad%20id/security-export").exchange().expectStatus().isBadRequest();
    }

    private WebTestClient.ResponseSpec put(String company, String json) {
        return api.put().uri("/" + company + "/security-export").contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange();
    }

    private WebTestClient.ResponseSpec requestRun(String company, LocalDate day) {
        return api.post().uri("/" + company + "/security-export/runs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"day\":\"" + day + "\"}").exchange();
    }

    private String getBody(String company) {
        return api.get().uri("/" + company + "/security-export").exchange().expectBody(String.class).returnResult().getResponseBody();
    }
}

package io.securityexport.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.securityexport.testsupport.AccessKey;
import io.securityexport.testsupport.Infrastructure;
import io.securityexport.testsupport.TestResources;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(
        classes = ConfigApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.name=" + ConfigApplication.CONFIG_NAME,
            TestKeys.DEMO_KEYS_ALLOWED,
            SendThreads.PROPERTY
        })
class SettingsApiIntegrationTest {

    private static final Infrastructure INFRASTRUCTURE = Infrastructure.shared();
    private static final String PREFIX = TestResources.uniqueName("config");
    private static final String DATABASE = INFRASTRUCTURE.postgres().createDatabase("config");
    private static final AccessKey CUSTOMER = INFRASTRUCTURE.s3().createUser("settings");
    private static final String SECRET = CUSTOMER.secretAccessKey();
    private static final String BUCKET = TestResources.uniqueName("acme-audit");
    private static final String OTHER_BUCKET = TestResources.uniqueName("acme-other");
    private static final String VALID = """
            {"enabled":true,"bucket":"%s","region":"us-east-1","folderPath":"audit/security",
             "serverSideEncryption":true,
             "credentials":{"method":"ACCESS_KEY","accessKeyId":"%s","secretAccessKey":"%s"}}""".formatted(BUCKET, CUSTOMER.accessKeyId(), SECRET);

    @Value("${local.server.port}")
    int port;

    WebTestClient api;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        INFRASTRUCTURE.s3().createBucket(BUCKET);
        INFRASTRUCTURE.s3().createBucket(OTHER_BUCKET);
        ConfigEnvironment.register(registry, INFRASTRUCTURE, DATABASE, PREFIX);
    }

    @BeforeEach
    void client() {
        api = TenantClients.admin(port);
    }

    @Test
    void savedSettingsComeBackWithoutTheSecret() {
        put("acme", VALID).expectStatus().isOk();

        api.get()
                .uri("/acme/security-export")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.bucket")
                .isEqualTo(BUCKET)
                .jsonPath("$.region")
                .isEqualTo("us-east-1")
                .jsonPath("$.folderPath")
                .isEqualTo("audit/security")
                .jsonPath("$.serverSideEncryption")
                .isEqualTo(true)
                .jsonPath("$.credentials.accessKeyIdLast4")
                .isEqualTo(CUSTOMER.accessKeyId().substring(16))
                .jsonPath("$.credentials.secretAccessKeySet")
                .isEqualTo(true);
        assertThat(getBody("acme")).doesNotContain(SECRET).doesNotContain(CUSTOMER.accessKeyId());
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void theSecretNeverAppearsInTheLogs(CapturedOutput output) {
        put("logged", VALID).expectStatus().isOk();
        put("logged-bad", VALID.replace(SECRET, SECRET.substring(0, 39) + "0"))
                .expectStatus()
                .isEqualTo(422);
        put("logged-malformed", "{\"credentials\":{\"secretAccessKey\":\"" + SECRET + "\"")
                .expectStatus()
                .isBadRequest();
        api.post().uri("/logged/security-export/test").exchange().expectStatus().isOk();

        assertThat(output.getAll())
                .contains("export settings saved companyId=logged")
                .doesNotContain(SECRET);
    }

    @Test
    void theSecretIsEncryptedAtRest() throws Exception {
        put("at-rest", VALID).expectStatus().isOk();

        try (Connection connection = DriverManager.getConnection(
                        INFRASTRUCTURE.postgres().jdbcUrl(DATABASE),
                        INFRASTRUCTURE.postgres().username(),
                        INFRASTRUCTURE.postgres().password());
                ResultSet row = connection
                        .createStatement()
                        .executeQuery(
                                "SELECT secret_ciphertext, secret_key_version FROM config.export_settings WHERE company_id = 'at-rest'")) {
            row.next();
            assertThat(new String(row.getBytes(1), StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);
            assertThat(row.getInt(2)).isEqualTo(1);
        }
    }

    @Test
    void anUpdateWithoutSecretKeepsTheStoredOne() {
        put("keeps", VALID).expectStatus().isOk();

        api.put()
                .uri("/keeps/security-export")
                .header("If-Match", "\"1\"")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(VALID.replace(",\"secretAccessKey\":\"" + SECRET + "\"", "")
                        .replace(BUCKET, OTHER_BUCKET))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("ETag", "\"2\"")
                .expectBody()
                .jsonPath("$.bucket")
                .isEqualTo(OTHER_BUCKET)
                .jsonPath("$.version")
                .isEqualTo(2)
                .jsonPath("$.credentials.secretAccessKeySet")
                .isEqualTo(true);
    }

    @Test
    void everyChangeIsItselfASecurityEventOfTheCompanyWithoutSecrets() {
        put("audited", VALID).expectStatus().isOk();
        putIfMatch("audited", "\"1\"", VALID.replace(BUCKET, OTHER_BUCKET))
                .expectStatus()
                .isOk();
        putIfMatch(
                        "audited",
                        "\"2\"",
                        VALID.replace(BUCKET, OTHER_BUCKET).replace("\"enabled\":true", "\"enabled\":false"))
                .expectStatus()
                .isOk();
        api.delete().uri("/audited/security-export").exchange().expectStatus().isNoContent();

        // read to the topic's end: one event per change, a duplicate would show
        List<JsonNode> events = securityEventsOf("audited");
        assertThat(events)
                .extracting(event -> event.get("eventName").asString())
                .containsOnly("Updated Security Event Cloud Export");
        assertThat(events)
                .extracting(event -> event.get("properties").get("action").asString())
                .containsExactly("created", "updated", "disabled", "deleted");
        assertThat(events.get(1).get("properties").get("changedFields").toString())
                .contains("bucket")
                .doesNotContain("secretAccessKey");
        assertThat(events.get(0).get("actor").get("email").asString()).isEqualTo("admin@audited.example");
        assertThat(events.toString()).doesNotContain(SECRET);
    }

    private static List<JsonNode> securityEventsOf(String company) {
        return INFRASTRUCTURE.kafka().readAll(PREFIX + ".security-events").stream()
                .filter(record -> company.equals(record.key()))
                .map(record -> JsonMapper.shared().readTree(new String(record.value(), StandardCharsets.UTF_8)))
                .toList();
    }

    @Test
    void theAuditEventIsSentOffTheEventLoopAndDatabaseThreads() {
        put("audit-thread", VALID).expectStatus().isOk();

        assertThat(SendThreads.to(PREFIX + ".security-events")).isNotEmpty().allSatisfy(send -> {
            assertThat(send.nonBlocking())
                    .as("sent on a non-blocking thread: " + send.thread())
                    .isFalse();
            assertThat(send.thread()).doesNotStartWith("reactor-");
        });
    }

    @Test
    void twoAdminsCannotOverwriteEachOtherUnnoticed() {
        put("concurrent", VALID).expectStatus().isOk().expectHeader().valueEquals("ETag", "\"1\"");

        put("concurrent", VALID)
                .expectStatus()
                .isEqualTo(428)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        putIfMatch("concurrent", "\"1\"", VALID)
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("ETag", "\"2\"");
        putIfMatch("concurrent", "\"1\"", VALID)
                .expectStatus()
                .isEqualTo(412)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://security-export.dev/problems/stale-version");
    }

    @Test
    void settingsThatFailTheCredentialTestAreRefusedWithTheChecksUnlessSavedAnyway() {
        String wrongSecret = VALID.replace(SECRET, "0000000000000000000000000000000000000000");

        put("refused", wrongSecret)
                .expectStatus()
                .isEqualTo(422)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://security-export.dev/problems/credential-test-failed")
                .jsonPath("$.checks[?(@.check == 'PutObject')].awsErrorCode")
                .isEqualTo("SignatureDoesNotMatch");
        api.get().uri("/refused/security-export").exchange().expectStatus().isNotFound();

        api.put()
                .uri("/refused/security-export?saveAnyway=true")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(wrongSecret)
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void everyInvalidFieldIsNamedInAProblemResponse() {
        String invalid = """
                {"bucket":"Bad_Bucket","region":"moon-1","folderPath":"/leading",
                 "credentials":{"method":"ACCESS_KEY","accessKeyId":"nope","secretAccessKey":"short"}}""";

        put("invalid", invalid)
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://security-export.dev/problems/invalid-settings")
                .jsonPath("$.errors[*].field")
                .value(fields -> assertThat(fields.toString())
                        .contains(
                                "bucket",
                                "region",
                                "folderPath",
                                "credentials.accessKeyId",
                                "credentials.secretAccessKey"))
                .jsonPath("$.detail")
                .value(detail -> assertThat(detail.toString()).doesNotContain("short"));
    }

    @Test
    void aNewCompanyMustGiveItsSecret() {
        put("no-secret", VALID.replace(",\"secretAccessKey\":\"" + SECRET + "\"", ""))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("credentials.secretAccessKey");
    }

    @Test
    void malformedJsonIsAProblemThatDoesNotEchoTheBody() {
        put("malformed", "{\"credentials\":{\"secretAccessKey\":\"" + SECRET + "\"")
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class)
                .value(body -> assertThat(body).doesNotContain(SECRET));
    }

    @Test
    void deletingErasesTheSettingsAndSecret() {
        put("leaving", VALID).expectStatus().isOk();

        api.delete().uri("/leaving/security-export").exchange().expectStatus().isNoContent();

        api.get()
                .uri("/leaving/security-export")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void anExportCanBeRequestedForTodayButNotForTheFuture() {
        put("runs-co", VALID).expectStatus().isOk();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);

        requestRun("runs-co", today.plusDays(1))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://security-export.dev/problems/day-not-exportable");
        requestRun("runs-co", today)
                .expectStatus()
                .isAccepted()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("REQUESTED");
        api.get()
                .uri("/runs-co/security-export/runs")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[0].day")
                .isEqualTo(today.toString());
    }

    @Test
    void anExportOfAnUnconfiguredCompanyIsAConflictThatSaysWhy() {
        requestRun("nobody", LocalDate.now(ZoneOffset.UTC))
                .expectStatus()
                .isEqualTo(409)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://security-export.dev/problems/export-not-configured")
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).contains("no export settings"));
    }

    @Test
    void anExportOfASwitchedOffCompanyIsAConflictThatSaysWhyAndQueuesNothing() throws Exception {
        put("switched-off", VALID.replace("\"enabled\":true", "\"enabled\":false"))
                .expectStatus()
                .isOk();

        requestRun("switched-off", LocalDate.now(ZoneOffset.UTC))
                .expectStatus()
                .isEqualTo(409)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://security-export.dev/problems/export-disabled")
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).contains("switched off"));
        api.get()
                .uri("/switched-off/security-export/runs")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.length()")
                .isEqualTo(0);
    }

    @Test
    void theRunHistoryComesAPageAtATimeWithEveryRunExactlyOnce() {
        put("paged", VALID).expectStatus().isOk();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (int i = 0; i < 7; i++) {
            requestRun("paged", today.minusDays(i % 4)).expectStatus().isAccepted();
        }

        List<String> seen = new java.util.ArrayList<>();
        String next = "/api/v1/companies/paged/security-export/runs?limit=3";
        int pages = 0;
        while (next != null) {
            var page = WebTestClient.bindToServer()
                    .baseUrl("http://127.0.0.1:" + port)
                    .defaultHeader(
                            "Authorization", "Bearer " + io.securityexport.testsupport.TestTokens.reader("paged"))
                    .build()
                    .get()
                    .uri(next)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(JsonNode.class)
                    .returnResult();
            JsonNode runs = page.getResponseBody();
            assertThat(runs.size()).isBetween(1, 3);
            runs.forEach(run ->
                    seen.add(run.get("day").asString() + "/" + run.get("jobId").asString()));
            String link = page.getResponseHeaders().getFirst("Link");
            next = link == null ? null : link.substring(link.indexOf('<') + 1, link.indexOf('>'));
            pages++;
        }

        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(7).doesNotHaveDuplicates();
        assertThat(seen)
                .isSortedAccordingTo(java.util.Comparator.comparing((String run) -> run.substring(0, 10))
                        .reversed());
    }

    @Test
    void aPageSizeOrCursorTheApiDidNotHandOutIsRefusedNamingTheParameter() {
        put("bad-page", VALID).expectStatus().isOk();
        for (String query : List.of("limit=0", "limit=101", "limit=ten")) {
            api.get()
                    .uri("/bad-page/security-export/runs?" + query)
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .jsonPath("$.errors[0].field")
                    .isEqualTo("limit");
        }
        api.get()
                .uri("/bad-page/security-export/runs?cursor=bm90LWEtY3Vyc29y")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("cursor");
    }

    @Test
    void anUpdateThatLeavesOutTheKeyPairKeepsTheStoredOne() {
        put("keeps-key", VALID).expectStatus().isOk();

        putIfMatch("keeps-key", "\"1\"", """
                        {"enabled":false,"bucket":"%s","credentials":{"method":"ACCESS_KEY"}}""".formatted(BUCKET))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.enabled")
                .isEqualTo(false)
                .jsonPath("$.credentials.accessKeyIdLast4")
                .isEqualTo(CUSTOMER.accessKeyId().substring(16))
                .jsonPath("$.credentials.secretAccessKeySet")
                .isEqualTo(true);
        put("new-key", VALID.replace(",\"accessKeyId\":\"" + CUSTOMER.accessKeyId() + "\"", ""))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("credentials.accessKeyId");
    }

    @Test
    void anInvalidCompanyIdInThePathIsRefused() {
        api.get().uri("/bad%20id/security-export").exchange().expectStatus().isBadRequest();
    }

    private WebTestClient.ResponseSpec put(String company, String json) {
        return api.put()
                .uri("/" + company + "/security-export")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json)
                .exchange();
    }

    private WebTestClient.ResponseSpec putIfMatch(String company, String etag, String json) {
        return api.put()
                .uri("/" + company + "/security-export")
                .header("If-Match", etag)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json)
                .exchange();
    }

    private WebTestClient.ResponseSpec requestRun(String company, LocalDate day) {
        return api.post()
                .uri("/" + company + "/security-export/runs")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"day\":\"" + day + "\"}")
                .exchange();
    }

    private String getBody(String company) {
        return api.get()
                .uri("/" + company + "/security-export")
                .exchange()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }
}

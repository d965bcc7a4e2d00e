package io.securityexport.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.securityexport.common.export.ExportMessages;
import io.securityexport.common.export.ExportResult;
import io.securityexport.testsupport.AccessKey;
import io.securityexport.testsupport.Infrastructure;
import io.securityexport.testsupport.S3Permission;
import io.securityexport.testsupport.TestResources;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API's sentences — field errors, problem titles and details, Test Credentials' checks, a run's error — in the
 * language of the request's Accept-Language: Japanese, French (from {@code fr-CA,fr;q=0.9}), Korean, Brazilian
 * Portuguese; English for a language the API does not speak and without the header. The English ones are exactly
 * those the other tests pin.
 */
@SpringBootTest(
        classes = ConfigApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.name=" + ConfigApplication.CONFIG_NAME,
            TestKeys.DEMO_KEYS_ALLOWED,
            "SCHEDULER_ENABLED=false"
        })
class SentencesInTheCallersLanguageIntegrationTest {

    static final Infrastructure INFRASTRUCTURE = Infrastructure.shared();
    static final String PREFIX = TestResources.uniqueName("i18n");
    static final String DATABASE = INFRASTRUCTURE.postgres().createDatabase("i18n");
    static final AccessKey CUSTOMER = INFRASTRUCTURE.s3().createUser("i18n");
    static final String BUCKET = TestResources.uniqueName("i18n-bucket");
    static final JsonMapper JSON = JsonMapper.shared();

    static final String JA = "ja";
    static final String FR = "fr-CA,fr;q=0.9";
    static final String DE = "de";
    static final String NONE = null;

    @Value("${local.server.port}")
    int port;

    WebTestClient api;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        INFRASTRUCTURE.s3().createBucket(BUCKET);
        ConfigEnvironment.register(registry, INFRASTRUCTURE, DATABASE, PREFIX);
    }

    @BeforeEach
    void client() {
        api = TenantClients.admin(port);
    }

    static String settings(AccessKey key, boolean enabled) {
        return """
                {"enabled":%s,"bucket":"%s","region":"us-east-1","folderPath":"audit",
                 "credentials":{"method":"ACCESS_KEY","accessKeyId":"%s","secretAccessKey":"%s"}}""".formatted(enabled, BUCKET, key.accessKeyId(), key.secretAccessKey());
    }

    @Test
    void aRefusedFieldIsExplainedInTheCallersLanguage() {
        String badRegion = settings(CUSTOMER, true).replace("us-east-1", "moon-1");

        assertThat(refusal(JA, badRegion).message()).isEqualTo("us-east-1 のような AWS リージョンコードを指定してください");
        assertThat(refusal(FR, badRegion).message())
                .isEqualTo("doit être un code de région AWS, par exemple us-east-1");
        assertThat(refusal("ko-KR", badRegion).message()).isEqualTo("us-east-1과 같은 AWS 리전 코드여야 합니다");
        assertThat(refusal(DE, badRegion).message()).isEqualTo("must be an AWS region code such as us-east-1");
        assertThat(refusal(NONE, badRegion).message()).isEqualTo("must be an AWS region code such as us-east-1");

        Refusal japanese = refusal(JA, badRegion);
        assertThat(japanese.field()).isEqualTo("region");
        assertThat(japanese.title()).isEqualTo("無効な設定");
        assertThat(japanese.detail()).isEqualTo("受け付けられないフィールドがあります。'errors' をご確認ください。");
        assertThat(refusal(FR, badRegion).detail())
                .as("the apostrophes of French survive MessageFormat")
                .isEqualTo("Un ou plusieurs champs ne sont pas acceptables ; voir 'errors'.");
    }

    @Test
    void aDuplicateKeyIsNamedInTheCallersLanguage() {
        String duplicate = settings(CUSTOMER, true).replace("\"enabled\":true", "\"bucket\":\"a\",\"enabled\":true");

        assertThat(refusal(JA, duplicate).message()).isEqualTo("キーが重複しています");
        assertThat(refusal("pt-BR", duplicate).message()).isEqualTo("chave duplicada");
        assertThat(refusal(DE, duplicate).message()).isEqualTo("duplicate key");
    }

    @Test
    void aDeniedPutObjectIsExplainedInTheCallersLanguage() {
        AccessKey denied = INFRASTRUCTURE.s3().createUser("i18n-denied");
        INFRASTRUCTURE.s3().deny(denied.accessKeyId(), S3Permission.PUT_OBJECT);
        String body = settings(denied, true);
        String arn = "arn:aws:s3:::" + BUCKET + "/audit/*";

        assertThat(putObjectCheck(JA, body))
                .isEqualTo(BUCKET + " の audit/ 配下で PutObject が拒否されました。" + arn + " に対する s3:PutObject を追加してください");
        assertThat(putObjectCheck(FR, body))
                .isEqualTo("PutObject a été refusé sur " + BUCKET + " sous audit/ : ajoutez s3:PutObject sur " + arn);
        assertThat(putObjectCheck("ko", body))
                .isEqualTo(BUCKET + "의 audit/ 아래에서 PutObject이(가) 거부되었습니다. " + arn + "에 대한 s3:PutObject 권한을 추가하세요");
        assertThat(putObjectCheck(DE, body))
                .isEqualTo("PutObject was denied on " + BUCKET + " under audit/: add s3:PutObject on " + arn);
        assertThat(putObjectCheck(NONE, body))
                .isEqualTo("PutObject was denied on " + BUCKET + " under audit/: add s3:PutObject on " + arn);

        JsonNode refused = JSON.readTree(in(JA, api.put().uri("/i18n-save-denied/security-export"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isEqualTo(422)
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
        assertThat(refused.get("title").asString()).isEqualTo("認証情報のテストに失敗しました");
        assertThat(check(refused, "GetObject").get("message").asString())
                .isEqualTo("PutObject で書き込めなかったテスト用オブジェクトが必要です");
    }

    @Test
    void aStaleETagAndASwitchedOffExportAreExplainedInTheCallersLanguage() {
        save("i18n-stale", settings(CUSTOMER, false));
        String body = settings(CUSTOMER, false);

        assertThat(stale(JA, body).get("detail").asString())
                .isEqualTo("会社 i18n-stale の設定は、読み込まれた後に変更されています (現在のバージョン: 1)。設定を読み込み直してください");
        assertThat(stale(FR, body).get("title").asString()).isEqualTo("Paramètres modifiés depuis leur lecture");
        assertThat(stale(FR, body).get("detail").asString())
                .isEqualTo("les paramètres de l'entreprise i18n-stale ont changé depuis que vous les avez lus"
                        + " (version actuelle : 1) ; relisez-les");
        assertThat(stale(DE, body).get("detail").asString())
                .isEqualTo("the settings of company i18n-stale changed since you read them (now version 1); read them"
                        + " again");

        assertThat(switchedOff(JA).get("title").asString()).isEqualTo("エクスポートはオフになっています");
        assertThat(switchedOff(FR).get("detail").asString())
                .startsWith("l'export de l'entreprise i18n-stale est désactivé (enabled: false)");
        assertThat(switchedOff("pt-BR").get("title").asString()).isEqualTo("A exportação está desativada");
        assertThat(switchedOff(NONE).get("title").asString()).isEqualTo("Export is switched off");
    }

    @Test
    void aFailedRunsErrorIsShownInTheCallersLanguageAndStoredInEnglish() throws SQLException {
        save("i18n-runs", settings(CUSTOMER, true));
        String stored = "S3 answered 403 AccessDenied: Access Denied";
        ExportResult failed = failedRun("i18n-runs", LocalDate.parse("2026-11-20"), stored);

        INFRASTRUCTURE
                .kafka()
                .publish(PREFIX + ".security-export-results", "i18n-runs", List.of(ExportMessages.toJson(failed)));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "FAILED".equals(run(NONE).get("status").asString()));

        assertThat(run(JA).get("errorMessage").asString()).isEqualTo("S3 が 403 AccessDenied を返しました: Access Denied");
        assertThat(run(FR).get("errorMessage").asString()).isEqualTo("S3 a répondu 403 AccessDenied : Access Denied");
        assertThat(run("pt-BR").get("errorMessage").asString())
                .isEqualTo("S3 respondeu 403 AccessDenied: Access Denied");
        assertThat(run(DE).get("errorMessage").asString()).isEqualTo(stored);
        assertThat(run(NONE).get("errorMessage").asString()).isEqualTo(stored);
        assertThat(run(JA).get("errorCode").asString()).isEqualTo("AccessDenied");

        JsonNode health = JSON.readTree(get(JA, "/i18n-runs/security-export/health")
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
        assertThat(health.get("lastErrorMessage").asString()).isEqualTo("S3 が 403 AccessDenied を返しました: Access Denied");
        assertThat(health.get("summary").asString()).startsWith("エクスポートが失敗しています。未配信の失敗した日が 1 日あり");
    }

    @Test
    void answersWithSentencesSayTheirLanguageAndThatTheyVaryWithIt() {
        in(FR, api.post().uri("/i18n-nothing/security-export/runs"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"day\":\"2026-11-20\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectHeader()
                .valueEquals(HttpHeaders.CONTENT_LANGUAGE, "fr")
                .expectHeader()
                .value(HttpHeaders.VARY, vary -> assertThat(vary).contains("Accept-Language"))
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("L'export n'est pas configuré");
        get("pt", "/i18n-nothing/security-export/health")
                .expectHeader()
                .valueEquals(HttpHeaders.CONTENT_LANGUAGE, "pt-BR")
                .expectBody()
                .jsonPath("$.summary")
                .isEqualTo("a exportação não está configurada: nada é exportado");
        get(DE, "/i18n-nothing/security-export/health").expectHeader().valueEquals(HttpHeaders.CONTENT_LANGUAGE, "en");
        in(JA, TenantClients.anonymous(port).get().uri("/i18n-nothing/security-export"))
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .valueEquals(HttpHeaders.CONTENT_LANGUAGE, "ja")
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("認証されていません")
                .jsonPath("$.detail")
                .isEqualTo("有効なベアラートークンが必要です。");
    }

    // --- helpers ---

    record Refusal(String title, String detail, String field, String message) {}

    Refusal refusal(String language, String body) {
        JsonNode problem = JSON.readTree(in(language, api.put().uri("/i18n-refused/security-export"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
        JsonNode error = problem.get("errors").get(0);
        return new Refusal(
                problem.get("title").asString(),
                problem.get("detail").asString(),
                error.get("field").asString(),
                error.get("message").asString());
    }

    String putObjectCheck(String language, String body) {
        JsonNode report = JSON.readTree(in(language, api.post().uri("/i18n-test/security-export/test"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
        assertThat(check(report, "PutObject").get("status").asString()).isEqualTo("FAILED");
        return check(report, "PutObject").get("message").asString();
    }

    static JsonNode check(JsonNode report, String name) {
        for (JsonNode check : report.get("checks")) {
            if (check.get("check").asString().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + report);
    }

    JsonNode stale(String language, String body) {
        return JSON.readTree(in(language, api.put().uri("/i18n-stale/security-export?saveAnyway=true"))
                .header(HttpHeaders.IF_MATCH, "\"7\"")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isEqualTo(412)
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
    }

    JsonNode switchedOff(String language) {
        return JSON.readTree(in(language, api.post().uri("/i18n-stale/security-export/runs"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"day\":\"2026-11-20\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
    }

    JsonNode run(String language) {
        JsonNode runs = JSON.readTree(get(language, "/i18n-runs/security-export/runs")
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
        assertThat(runs).hasSize(1);
        return runs.get(0);
    }

    void save(String company, String body) {
        api.put()
                .uri("/" + company + "/security-export?saveAnyway=true")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk();
    }

    WebTestClient.ResponseSpec get(String language, String path) {
        return in(language, api.get().uri(path)).exchange().expectStatus().isOk();
    }

    /** The request with {@code Accept-Language: language}, or without the header when it is null. */
    static <S extends WebTestClient.RequestHeadersSpec<?>> S in(String language, S request) {
        if (language != null) {
            request.header(HttpHeaders.ACCEPT_LANGUAGE, language);
        }
        return request;
    }

    /** A run row as the outbox would have written it, and the failed result a worker would send for it. */
    static ExportResult failedRun(String company, LocalDate day, String englishError) throws SQLException {
        UUID job = UUID.randomUUID();
        try (Connection connection = DriverManager.getConnection(
                INFRASTRUCTURE.postgres().jdbcUrl(DATABASE),
                INFRASTRUCTURE.postgres().username(),
                INFRASTRUCTURE.postgres().password())) {
            connection
                    .createStatement()
                    .execute("INSERT INTO config.export_runs (job_id, company_id, day, trigger, status, requested_at,"
                            + " published_at) VALUES ('" + job + "', '" + company + "', '" + day
                            + "', 'BACKFILL', 'REQUESTED', now(), now())");
        }
        Instant now = Instant.now();
        return new ExportResult(
                job,
                company,
                day,
                ExportResult.Status.FAILED,
                BUCKET,
                "audit/2026/11/20/security-events-" + company + "-2026-11-20.csv",
                0,
                0,
                null,
                now,
                now,
                "AccessDenied",
                englishError);
    }
}

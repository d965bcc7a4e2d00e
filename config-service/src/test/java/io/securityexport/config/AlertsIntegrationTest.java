package io.securityexport.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.securityexport.common.export.ExportMessages;
import io.securityexport.common.export.ExportResult;
import io.securityexport.testsupport.Infrastructure;
import io.securityexport.testsupport.SmtpServer;
import io.securityexport.testsupport.TestResources;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
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

/**
 * Notification channels end to end on real infrastructure: the API, a real HTTP receiver that verifies signatures by
 * the published scheme, a real SMTP server, run results through Kafka, the delivery outbox in PostgreSQL. Private
 * webhook addresses are allowed here (the receiver is on 127.0.0.1); their refusal is ChannelRefusalIntegrationTest's.
 */
@SpringBootTest(
        classes = ConfigApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.name=" + ConfigApplication.CONFIG_NAME,
            TestKeys.DEMO_KEYS_ALLOWED,
            "SCHEDULER_ENABLED=false",
            "ALERTS_ALLOW_PRIVATE_WEBHOOKS=true",
            "security-export.config.alerts.check-interval=100ms",
            "security-export.config.alerts.retry-backoff=400ms,800ms",
            "security-export.config.alerts.failing-after-failures=3",
            "security-export.config.alerts.request-timeout=3s",
            "ALERTS_MAIL_FROM=alerts@security-export.test"
        })
class AlertsIntegrationTest {

    static final Infrastructure INFRASTRUCTURE = Infrastructure.shared();
    static final String PREFIX = TestResources.uniqueName("alerts");
    static final String DATABASE = INFRASTRUCTURE.postgres().createDatabase("alerts");
    static final SmtpServer SMTP = SmtpServer.start();
    static final WebhookReceiver RECEIVER = receiver();
    static final JsonMapper JSON = JsonMapper.shared();

    @Value("${local.server.port}")
    int port;

    WebTestClient api;

    @org.springframework.beans.factory.annotation.Autowired
    io.securityexport.config.schedule.FailedDays failedDays;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ConfigEnvironment.register(registry, INFRASTRUCTURE, DATABASE, PREFIX);
        SMTP.environment().forEach((name, value) -> registry.add(name, () -> value));
    }

    @AfterAll
    static void stop() {
        RECEIVER.close();
        SMTP.close();
    }

    @BeforeEach
    void client() {
        api = TenantClients.admin(port);
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aWebhooksSecretIsShownOnceAndStoredOnlySealed(CapturedOutput output) throws Exception {
        JsonNode created = createWebhook("secret-once", "/secret-once");
        String secret = created.get("secret").asString();
        String id = created.get("id").asString();

        assertThat(secret).startsWith("whsec_");
        String listed = api.get()
                .uri("/secret-once/security-export/channels")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(listed).contains(id).doesNotContain(secret).doesNotContain("\"secret\"");
        try (Connection connection = database();
                ResultSet row = connection
                        .createStatement()
                        .executeQuery("SELECT * FROM config.alert_channels WHERE id = '" + id + "'")) {
            row.next();
            assertThat(new String(row.getBytes("secret_ciphertext"), StandardCharsets.ISO_8859_1))
                    .doesNotContain(secret)
                    .doesNotContain(secret.substring(6));
            for (int column = 1; column <= row.getMetaData().getColumnCount(); column++) {
                assertThat(String.valueOf(row.getObject(column))).doesNotContain(secret.substring(6));
            }
        }
        api.post()
                .uri("/secret-once/security-export/channels/" + id + "/test")
                .exchange()
                .expectStatus()
                .isAccepted();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !RECEIVER.on("/secret-once").isEmpty());
        assertThat(output.getAll()).doesNotContain(secret).doesNotContain(secret.substring(6));
        assertThat(INFRASTRUCTURE.kafka().readAll(PREFIX + ".security-events").stream()
                        .map(record -> new String(record.value(), StandardCharsets.UTF_8))
                        .filter(event -> event.contains(id)))
                .singleElement()
                .asString()
                .contains("channel.created")
                .doesNotContain(secret.substring(6));
    }

    @Test
    void aTestNotificationReachesTheWebhookWithAValidStandardWebhooksSignature() {
        JsonNode created = createWebhook("hook-test", "/hook-test");

        api.post()
                .uri("/hook-test/security-export/channels/" + created.get("id").asString() + "/test")
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody()
                .jsonPath("$.kind")
                .isEqualTo("test");

        await().atMost(Duration.ofSeconds(20))
                .until(() -> !RECEIVER.on("/hook-test").isEmpty());
        WebhookReceiver.Received request = RECEIVER.on("/hook-test").get(0);
        assertThat(request.signatureValid()).isTrue();
        assertThat(request.signature()).startsWith("v1,");
        JsonNode payload = JSON.readTree(request.body());
        assertThat(payload.get("type").asString()).isEqualTo("test");
        assertThat(payload.get("timestamp").asString()).isNotBlank();
        assertThat(payload.get("data").get("companyId").asString()).isEqualTo("hook-test");
        assertThat(payload.get("data").get("kind").asString()).isEqualTo("test");
        assertThat(payload.get("data").get("summary").asString()).contains("hook-test");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(deliveries("hook-test", created))
                        .singleElement()
                        .satisfies(delivery -> {
                            assertThat(delivery.get("status").asString()).isEqualTo("DELIVERED");
                            assertThat(delivery.get("lastStatusCode").asInt()).isEqualTo(200);
                            assertThat(delivery.get("lastResponse").asString()).isEqualTo("thanks");
                        }));
    }

    @Test
    void aTestNotificationReachesTheMailboxWithTextAndHtml() throws Exception {
        JsonNode created = api.post()
                .uri("/mail-test/security-export/channels")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"kind\":\"email\",\"addresses\":[\"ops@mail-test.example\",\"cso@mail-test.example\"]}")
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(created.has("secret")).isFalse();

        api.post()
                .uri("/mail-test/security-export/channels/" + created.get("id").asString() + "/test")
                .exchange()
                .expectStatus()
                .isAccepted();

        // the server keeps one copy per mailbox
        await().atMost(Duration.ofSeconds(20))
                .until(() -> mailAbout("mail-test").size() == 2);
        MimeMessage mail = mailAbout("mail-test").get(0);
        assertThat(mail.getSubject()).contains("Test notification");
        assertThat(mail.getHeader("To", ",")).contains("ops@mail-test.example").contains("cso@mail-test.example");
        assertThat(mail.getFrom()[0].toString()).isEqualTo("alerts@security-export.test");
        List<String> types = new ArrayList<>();
        collectPartTypes(mail.getContent(), types);
        assertThat(types)
                .anyMatch(type -> type.startsWith("text/plain"))
                .anyMatch(type -> type.startsWith("text/html"));
    }

    @Test
    void aRunNoWorkerAnsweredAlertsFailedOnceLikeAFailedResult() throws Exception {
        createWebhook("lost", "/lost");
        for (String day : List.of("2026-11-18", "2026-11-19")) {
            INFRASTRUCTURE
                    .postgres()
                    .execute(
                            DATABASE,
                            "INSERT INTO config.export_runs (job_id, company_id, day,"
                                    + " trigger, status, requested_at, published_at) VALUES (gen_random_uuid(), 'lost', '"
                                    + day
                                    + "', 'SCHEDULED', 'REQUESTED', now() - interval '4 hours', now() - interval '4 hours')");
        }

        failedDays.failUnanswered().block();

        await().atMost(Duration.ofSeconds(30)).until(() -> RECEIVER.on("/lost").size() >= 1);
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(10))
                .until(() -> RECEIVER.on("/lost").size() == 1);
        JsonNode alert = JSON.readTree(RECEIVER.on("/lost").get(0).body());
        assertThat(alert.get("type").asString()).isEqualTo("export.failed");
        assertThat(alert.get("data").get("errorCode").asString()).isEqualTo("NO_RESULT");
        assertThat(alert.get("data").get("message").asString()).contains("no worker reported a result");
    }

    @Test
    void aFailingDayAlertsOnceAcrossItsRetriesAndTheSuccessAfterThemAlertsRecoveredOnce() throws Exception {
        JsonNode created = createWebhook("flaky", "/flaky");
        LocalDate day = LocalDate.parse("2026-11-20");
        List<ExportResult> results = List.of(
                result("flaky", day, ExportResult.Status.FAILED),
                result("flaky", day, ExportResult.Status.FAILED),
                result("flaky", day, ExportResult.Status.FAILED),
                result("flaky", day, ExportResult.Status.SUCCEEDED));

        INFRASTRUCTURE
                .kafka()
                .publish(
                        PREFIX + ".security-export-results",
                        "flaky",
                        results.stream().map(ExportMessages::toJson).toList());

        await().atMost(Duration.ofSeconds(30)).until(() -> RECEIVER.on("/flaky").size() >= 2);
        List<JsonNode> alerts = RECEIVER.on("/flaky").stream()
                .map(request -> JSON.readTree(request.body()))
                .toList();
        assertThat(alerts)
                .extracting(alert -> alert.get("type").asString())
                .containsExactly("export.failed", "export.recovered");
        JsonNode failed = alerts.get(0).get("data");
        assertThat(failed.get("days").get(0).asString()).isEqualTo("2026-11-20");
        assertThat(failed.get("errorCode").asString()).isEqualTo("AccessDenied");
        assertThat(failed.get("message").asString()).contains("PutObject");
        assertThat(RECEIVER.on("/flaky")).allMatch(WebhookReceiver.Received::signatureValid);
        // every result was recorded in order (one partition): no third alert is on its way
        assertThat(deliveries("flaky", created)).hasSize(2);
    }

    @Test
    void aReceiverAnswering500IsRetriedWithBackOffUntilItAccepts() {
        RECEIVER.script(
                "/busy", attempt -> attempt <= 2 ? WebhookReceiver.Answer.status(500) : WebhookReceiver.Answer.ok());
        JsonNode created = createWebhook("busy", "/busy");

        api.post()
                .uri("/busy/security-export/channels/" + created.get("id").asString() + "/test")
                .exchange()
                .expectStatus()
                .isAccepted();

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(deliveries("busy", created))
                        .singleElement()
                        .satisfies(delivery -> {
                            assertThat(delivery.get("status").asString()).isEqualTo("DELIVERED");
                            assertThat(delivery.get("attempts").asInt()).isEqualTo(3);
                            assertThat(delivery.get("lastStatusCode").asInt()).isEqualTo(200);
                        }));
        List<WebhookReceiver.Received> attempts = RECEIVER.on("/busy");
        assertThat(attempts).hasSize(3).allMatch(WebhookReceiver.Received::signatureValid);
        assertThat(attempts)
                .extracting(WebhookReceiver.Received::id)
                .containsOnly(attempts.get(0).id());
        assertThat(Duration.between(attempts.get(0).at(), attempts.get(1).at()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(350));
        assertThat(Duration.between(attempts.get(1).at(), attempts.get(2).at()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(750));
    }

    @Test
    void aChannelThatKeepsFailingIsMarkedFailingAndNotRetriedForever() {
        RECEIVER.script("/down", attempt -> WebhookReceiver.Answer.status(503));
        JsonNode created = createWebhook("down", "/down");

        api.post()
                .uri("/down/security-export/channels/" + created.get("id").asString() + "/test")
                .exchange()
                .expectStatus()
                .isAccepted();

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(deliveries("down", created))
                        .singleElement()
                        .satisfies(delivery -> {
                            assertThat(delivery.get("status").asString()).isEqualTo("ABANDONED");
                            assertThat(delivery.get("attempts").asInt()).isEqualTo(3);
                            assertThat(delivery.get("lastStatusCode").asInt()).isEqualTo(503);
                            assertThat(delivery.get("lastResponse").asString()).isEqualTo("answer 503");
                        }));
        api.get()
                .uri("/down/security-export/channels")
                .exchange()
                .expectBody()
                .jsonPath("$[0].status")
                .isEqualTo("FAILING")
                .jsonPath("$[0].consecutiveFailures")
                .isEqualTo(3);
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(3))
                .until(() -> RECEIVER.on("/down").size() == 3);
    }

    @Test
    void aRedirectIsNotFollowed() {
        RECEIVER.script("/moved", attempt -> new WebhookReceiver.Answer(302, "", RECEIVER.url("/elsewhere")));
        JsonNode created = createWebhook("moved", "/moved");

        api.post()
                .uri("/moved/security-export/channels/" + created.get("id").asString() + "/test")
                .exchange()
                .expectStatus()
                .isAccepted();

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(deliveries("moved", created))
                        .singleElement()
                        .satisfies(delivery -> {
                            assertThat(delivery.get("attempts").asInt()).isGreaterThanOrEqualTo(1);
                            assertThat(delivery.get("lastStatusCode").asInt()).isEqualTo(302);
                            assertThat(delivery.get("status").asString()).isNotEqualTo("DELIVERED");
                            assertThat(delivery.get("lastError").asString()).contains("redirect");
                        }));
        assertThat(RECEIVER.on("/elsewhere")).isEmpty();
    }

    @Test
    void aReaderSeesChannelsButCannotChangeThem() {
        createWebhook("readers", "/readers");
        WebTestClient reader = TenantClients.reader(port);

        reader.get()
                .uri("/readers/security-export/channels")
                .exchange()
                .expectStatus()
                .isOk();
        reader.post()
                .uri("/readers/security-export/channels")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"kind\":\"email\",\"addresses\":[\"a@example.com\"]}")
                .exchange()
                .expectStatus()
                .isForbidden();
        api.get()
                .uri("/readers/security-export/channels/" + UUID.randomUUID() + "/deliveries")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void aDeletedChannelIsGoneWithItsLog() {
        JsonNode created = createWebhook("deleting", "/deleting");
        String id = created.get("id").asString();

        api.delete()
                .uri("/deleting/security-export/channels/" + id)
                .exchange()
                .expectStatus()
                .isNoContent();

        api.get()
                .uri("/deleting/security-export/channels")
                .exchange()
                .expectBody()
                .json("[]");
        api.delete()
                .uri("/deleting/security-export/channels/" + id)
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    private JsonNode createWebhook(String company, String path) {
        JsonNode created = api.post()
                .uri("/" + company + "/security-export/channels")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"kind\":\"webhook\",\"url\":\"" + RECEIVER.url(path) + "\"}")
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        RECEIVER.secret(path, created.get("secret").asString());
        return created;
    }

    private List<JsonNode> deliveries(String company, JsonNode channel) {
        JsonNode log = api.get()
                .uri("/" + company + "/security-export/channels/"
                        + channel.get("id").asString() + "/deliveries")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        List<JsonNode> entries = new ArrayList<>();
        log.forEach(entries::add);
        return entries;
    }

    private static List<MimeMessage> mailAbout(String company) {
        return SMTP.received().stream()
                .filter(message -> {
                    try {
                        return message.getSubject().contains(company);
                    } catch (jakarta.mail.MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    private static void collectPartTypes(Object content, List<String> types) throws Exception {
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                types.add(multipart.getBodyPart(i).getContentType().toLowerCase());
                collectPartTypes(multipart.getBodyPart(i).getContent(), types);
            }
        }
    }

    /** A run row as the outbox would have written it, and the result a worker would send for it. */
    private static ExportResult result(String company, LocalDate day, ExportResult.Status status) throws SQLException {
        UUID job = UUID.randomUUID();
        try (Connection connection = database()) {
            connection
                    .createStatement()
                    .execute("INSERT INTO config.export_runs (job_id, company_id, day, trigger, status, requested_at,"
                            + " published_at) VALUES ('" + job + "', '" + company + "', '" + day
                            + "', 'BACKFILL', 'REQUESTED', now(), now())");
        }
        boolean ok = status == ExportResult.Status.SUCCEEDED;
        Instant now = Instant.now();
        return new ExportResult(
                job,
                company,
                day,
                status,
                "bucket",
                ok ? "security-events/2026/11/20.csv" : null,
                ok ? 10 : 0,
                ok ? 100 : 0,
                ok ? "0".repeat(64) : null,
                now,
                now,
                ok ? null : "AccessDenied",
                ok ? null : "PutObject was denied on bucket");
    }

    private static Connection database() throws SQLException {
        return DriverManager.getConnection(
                INFRASTRUCTURE.postgres().jdbcUrl(DATABASE),
                INFRASTRUCTURE.postgres().username(),
                INFRASTRUCTURE.postgres().password());
    }

    private static WebhookReceiver receiver() {
        try {
            return new WebhookReceiver();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

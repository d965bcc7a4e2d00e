package io.securityexport.config.precheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.securityexport.config.ConfigApplication;
import io.securityexport.config.ConfigEnvironment;
import io.securityexport.config.ConfigProperties;
import io.securityexport.config.TenantClients;
import io.securityexport.config.WebhookReceiver;
import io.securityexport.config.credentials.CredentialTester;
import io.securityexport.config.i18n.Sentences;
import io.securityexport.config.settings.SettingsService;
import io.securityexport.testsupport.AccessKey;
import io.securityexport.testsupport.Infrastructure;
import io.securityexport.testsupport.MutableClock;
import io.securityexport.testsupport.S3Permission;
import io.securityexport.testsupport.TestResources;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Before midnight, every enabled company's saved credentials get the checks of Test Credentials, spread over the
 * window and exactly once across replicas; a broken bucket is found with the check that failed and what to change.
 * The clock is in the test's hand; companies are set up through the API as an admin would.
 */
@SpringBootTest(
        classes = {ConfigApplication.class, PreMidnightChecksIntegrationTest.TestClock.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.name=" + ConfigApplication.CONFIG_NAME,
            "SCHEDULER_ENABLED=false",
            "ALERTS_ALLOW_PRIVATE_WEBHOOKS=true"
        })
class PreMidnightChecksIntegrationTest {

    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-21T12:00:00Z"));
    static final Infrastructure INFRASTRUCTURE = Infrastructure.shared();
    static final String PREFIX = TestResources.uniqueName("precheck");
    static final String DATABASE = INFRASTRUCTURE.postgres().createDatabase("precheck");
    static final String BUCKET = TestResources.uniqueName("precheck-bucket");
    static final List<CredentialsChecked> TOLD = new CopyOnWriteArrayList<>();
    static final WebhookReceiver RECEIVER = receiver();

    private static WebhookReceiver receiver() {
        try {
            return new WebhookReceiver();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @TestConfiguration
    static class TestClock {
        @Bean
        @Primary
        Clock testClock() {
            return CLOCK;
        }

        /** Stands in for the features that tell the company: records what they would be told. */
        @Bean
        CredentialsCheckedListener recorder() {
            return checked -> Mono.fromRunnable(() -> TOLD.add(checked));
        }
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    PreMidnightChecks checks;

    @Autowired
    DatabaseClient database;

    @Autowired
    SettingsService settings;

    @Autowired
    CredentialTester tester;

    @Autowired
    Sentences sentences;

    @Autowired
    ObjectProvider<CredentialsCheckedListener> listeners;

    @Autowired
    ConfigProperties properties;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        INFRASTRUCTURE.s3().createBucket(BUCKET);
        ConfigEnvironment.register(registry, INFRASTRUCTURE, DATABASE, PREFIX);
    }

    @Test
    void beforeMidnightEachEnabledCompanyIsCheckedOnceAcrossReplicasAndABrokenBucketSaysWhatFailed() throws Exception {
        AccessKey working = INFRASTRUCTURE.s3().createUser("precheck-ok");
        AccessKey denied = INFRASTRUCTURE.s3().createUser("precheck-denied");
        save("check-ok", working, false);
        save("check-denied", denied, false);
        save("check-off", working, false);
        disable("check-off");
        // the bucket breaks after the settings were saved (and tested): only the check before midnight can tell
        INFRASTRUCTURE.s3().deny(denied.accessKeyId(), S3Permission.PUT_OBJECT, BUCKET);

        CLOCK.set(Instant.parse("2026-11-21T22:59:59Z"));
        assertThat(checks.runDue().block())
                .as("nothing before the window opens")
                .isZero();

        CLOCK.set(Instant.parse("2026-11-21T23:59:00Z"));
        PreMidnightChecks otherReplica =
                new PreMidnightChecks(database, settings, tester, sentences, listeners, properties, CLOCK);
        long ran = Flux.merge(checks.runDue(), otherReplica.runDue(), checks.runDue())
                .reduce(0L, Long::sum)
                .block();
        assertThat(ran).as("two companies enabled, each checked by one replica").isEqualTo(2);
        assertThat(checks.runDue().block())
                .as("a later round finds nothing left")
                .isZero();

        List<CredentialsChecked> told = TOLD.stream()
                .filter(checked -> checked.day().toString().equals("2026-11-21"))
                .toList();
        assertThat(told)
                .extracting(CredentialsChecked::companyId)
                .containsExactlyInAnyOrder("check-ok", "check-denied");
        assertThat(told)
                .filteredOn(checked -> checked.companyId().equals("check-ok"))
                .singleElement()
                .satisfies(ok -> assertThat(ok.passed()).isTrue());
        assertThat(told)
                .filteredOn(checked -> checked.companyId().equals("check-denied"))
                .singleElement()
                .satisfies(broken -> {
                    assertThat(broken.passed()).isFalse();
                    assertThat(broken.day()).hasToString("2026-11-21");
                    assertThat(broken.failedCheck()).isEqualTo("PutObject");
                    assertThat(broken.errorCode()).isEqualTo("AccessDenied");
                    assertThat(broken.message()).contains("s3:PutObject").contains(BUCKET);
                });
        api().get()
                .uri("/check-denied/security-export/health")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("FAILING")
                .jsonPath("$.lastErrorCode")
                .isEqualTo("AccessDenied")
                .jsonPath("$.credentialCheck.failedCheck")
                .isEqualTo("PutObject")
                .jsonPath("$.summary")
                .value(summary -> assertThat((String) summary).contains("before midnight"));
        api().get()
                .uri("/check-denied/security-export/health")
                .header(HttpHeaders.ACCEPT_LANGUAGE, "ja")
                .exchange()
                .expectBody()
                .jsonPath("$.summary")
                .isEqualTo("深夜 0 時前に行った保存済み認証情報のチェックに失敗しました (PutObject)。修正しない限り、2026-11-21" + " のファイルのエクスポートは失敗します")
                .jsonPath("$.credentialCheck.message")
                .value(message -> assertThat((String) message)
                        .as("the stored English check, said in Japanese")
                        .startsWith(BUCKET + " の ")
                        .contains("で PutObject が拒否されました。")
                        .endsWith("に対する s3:PutObject を追加してください"))
                .jsonPath("$.lastErrorMessage")
                .value(message -> assertThat((String) message).endsWith("に対する s3:PutObject を追加してください"));
        api().get()
                .uri("/check-ok/security-export/health")
                .exchange()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("HEALTHY");
        assertThat(strings("SELECT company_id || ':' || passed || ':' || coalesce(error_code, '-')"
                        + " FROM config.credential_checks WHERE day = '2026-11-21' ORDER BY company_id"))
                .containsExactly("check-denied:false:AccessDenied", "check-ok:true:-");
    }

    @Test
    void theChecksOfManyCompaniesAreSpreadOverTheWindowNotDueInTheSameSecond() throws Exception {
        CLOCK.set(Instant.parse("2026-11-22T12:00:00Z"));
        for (int i = 0; i < 200; i++) {
            execute("INSERT INTO config.export_settings (company_id, enabled, bucket, region, folder_path, sse_aes256,"
                    + " credential_method, role_arn, version, updated_at) VALUES ('spread-" + i + "', true,"
                    + " 'bucket-name', 'us-east-1', 'security-events', false, 'ROLE_ARN',"
                    + " 'arn:aws:iam::123456789012:role/x', 1, now())");
        }
        // the window opens at 23:00; nothing is due yet at its first second
        CLOCK.set(Instant.parse("2026-11-22T23:00:00Z"));
        checks.runDue().block();

        List<String> due =
                strings("SELECT to_char(due_at AT TIME ZONE 'UTC', 'HH24:MI:SS') FROM config.credential_checks"
                        + " WHERE day = '2026-11-22' AND company_id LIKE 'spread-%' ORDER BY due_at");
        assertThat(due).hasSize(200);
        assertThat(due.get(0)).isGreaterThanOrEqualTo("23:00:00");
        assertThat(due.get(199)).isLessThan("23:45:00");
        assertThat(due.stream().distinct().count()).as("spread, not bunched").isGreaterThan(150);
        assertThat(due.stream().filter(time -> time.compareTo("23:22:30") < 0).count())
                .as("about half in the first half of the window")
                .isBetween(60L, 140L);
    }

    @Test
    void aFailedCheckIsAlertedOnceAndADayAboutToLeaveTheRetentionIsAlertedAtRisk() throws Exception {
        CLOCK.set(Instant.parse("2026-11-23T12:00:00Z"));
        AccessKey key = INFRASTRUCTURE.s3().createUser("precheck-alert");
        save("alert-co", key, false);
        String secret = TenantClients.admin(port)
                .post()
                .uri("/alert-co/security-export/channels")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"kind\":\"webhook\",\"url\":\"" + RECEIVER.url("/alert-co") + "\"}")
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(tools.jackson.databind.JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("secret")
                .asString();
        RECEIVER.secret("/alert-co", secret);
        INFRASTRUCTURE.s3().deny(key.accessKeyId(), S3Permission.PUT_OBJECT, BUCKET);
        // a day that failed 24 days ago: it leaves the 30-day retention in 7 days
        execute("INSERT INTO config.export_runs (job_id, company_id, day, trigger, status, requested_at, finished_at,"
                + " error_code, error_message, published_at) VALUES (gen_random_uuid(), 'alert-co', '2026-10-30',"
                + " 'SCHEDULED', 'FAILED', '2026-10-31T00:02:00Z', '2026-10-31T00:03:00Z', 'AccessDenied',"
                + " 'PutObject was denied', '2026-10-31T00:02:00Z')");

        CLOCK.set(Instant.parse("2026-11-23T23:59:00Z"));
        checks.runDue().block();

        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(() -> RECEIVER.on("/alert-co").size() >= 2);
        // (the signatures are checked in AlertsIntegrationTest: here the service's clock is days behind the receiver's,
        // which rightly refuses timestamps that old)
        assertThat(RECEIVER.on("/alert-co"))
                .extracting(WebhookReceiver.Received::body)
                .anySatisfy(body -> assertThat(body)
                        .contains("\"credentials.check_failed\"")
                        .contains("PutObject")
                        .contains("2026-11-23"))
                .anySatisfy(body -> assertThat(body)
                        .contains("\"export.at_risk\"")
                        .contains("2026-10-30")
                        .contains("7 day(s) left"));

        // the next day the bucket is still broken: the same problem is not told again, 6 days left is no threshold
        CLOCK.set(Instant.parse("2026-11-24T23:59:00Z"));
        checks.runDue().block();
        org.awaitility.Awaitility.await()
                .during(java.time.Duration.ofSeconds(3))
                .atMost(java.time.Duration.ofSeconds(10))
                .until(() -> RECEIVER.on("/alert-co").size() == 2);
        disable("alert-co"); // not one of the companies the other tests count
    }

    private void save(String company, AccessKey key, boolean saveAnyway) {
        api().put()
                .uri("/" + company + "/security-export" + (saveAnyway ? "?saveAnyway=true" : ""))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"bucket":"%s","folderPath":"precheck",
                         "credentials":{"method":"ACCESS_KEY","accessKeyId":"%s","secretAccessKey":"%s"}}""".formatted(BUCKET, key.accessKeyId(), key.secretAccessKey()))
                .exchange()
                .expectStatus()
                .isOk();
    }

    private void disable(String company) throws SQLException {
        execute("UPDATE config.export_settings SET enabled = false WHERE company_id = '" + company + "'");
    }

    private WebTestClient api() {
        return TenantClients.admin(port);
    }

    private static List<String> strings(String sql) throws SQLException {
        List<String> values = new java.util.ArrayList<>();
        try (var connection = INFRASTRUCTURE.postgres().connect(DATABASE);
                var rows = connection.createStatement().executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private static void execute(String sql) throws SQLException {
        INFRASTRUCTURE.postgres().execute(DATABASE, sql);
    }
}

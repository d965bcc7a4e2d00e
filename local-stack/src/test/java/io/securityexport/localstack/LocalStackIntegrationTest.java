package io.securityexport.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.securityexport.common.export.DaySettlement;
import io.securityexport.common.secret.DemoKeys;
import io.securityexport.testsupport.AccessKey;
import io.securityexport.testsupport.Infrastructure;
import io.securityexport.testsupport.ShiftedClock;
import io.securityexport.testsupport.TestResources;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The local stack's wiring, as {@link LocalStack} starts it (on free ports, beside any running stack): one clock for
 * the three services that "midnight, now" moves for all of them, and tokens for any company from the control port.
 */
class LocalStackIntegrationTest {

    private static final Infrastructure INFRASTRUCTURE = Infrastructure.shared();
    private static final ShiftedClock CLOCK = new ShiftedClock(Instant.now());
    private static final LocalTokens TOKENS = LocalTokens.demoKeys();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.shared();

    private static RunningServices services;
    private static ControlPort control;

    @BeforeAll
    static void start() {
        String prefix = TestResources.uniqueName("localstack");
        StackTopics topics = StackTopics.prefixed(prefix);
        INFRASTRUCTURE.kafka().createTopics(1, topics.all().toArray(String[]::new));
        String database = INFRASTRUCTURE.postgres().createDatabase("localstack");
        services = RunningServices.start(
                LocalStack.settings(INFRASTRUCTURE, database, topics, prefix, 0, 0, 0),
                Map.of("security-export.config.schedule.check-interval", "1s"),
                LocalStack.options(CLOCK, TOKENS));
        control = new ControlPort(0);
        control.serve("/midnight", new Midnight(CLOCK, DaySettlement.DEFAULT)::handle);
        control.serve(
                "/token",
                new TokenDesk(
                        TOKENS,
                        URI.create("http://localhost:" + services.configApi().getPort() + "/admin"))::handle);
        control.serve("/role", new RoleDesk(INFRASTRUCTURE.sts())::handle);
    }

    @AfterAll
    static void stop() {
        if (control != null) {
            control.close();
        }
        if (services != null) {
            services.close();
        }
    }

    @Test
    void midnightMovesTheOneClockOfAllThreeServicesAndRunsFollowIt() throws Exception {
        AccessKey key = INFRASTRUCTURE.s3().createUser("midnight");
        String bucket = TestResources.uniqueName("midnight");
        INFRASTRUCTURE.s3().createBucket(bucket);
        String token = token("night-co", "admin").get("token").asString();
        assertThat(call("PUT", "night-co", "", token, """
                        {"bucket":"%s","credentials":{"method":"ACCESS_KEY","accessKeyId":"%s","secretAccessKey":"%s"}}""".formatted(bucket, key.accessKeyId(), key.secretAccessKey()))
                        .statusCode())
                .isEqualTo(200);
        LocalDate ended = CLOCK.instant().atZone(ZoneOffset.UTC).toLocalDate();

        HttpResponse<String> midnight =
                send(HttpRequest.newBuilder(control.uri("/midnight")).POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(midnight.statusCode()).isEqualTo(200);
        Instant settled = DaySettlement.DEFAULT.settledAt(ended);
        List<Instant> nows = List.of(
                clockOf(services.ingestContext()).instant(),
                clockOf(services.configContext()).instant(),
                clockOf(services.workerContext()).instant());
        assertThat(nows)
                .as("ingest, config and worker read the same instant, past the settled midnight")
                .allSatisfy(now -> assertThat(now).isBetween(settled, settled.plus(Duration.ofMinutes(1))));
        assertThat(Duration.between(nows.get(0), nows.get(2)).abs()).isLessThan(Duration.ofSeconds(5));

        LocalDate today = ended.plusDays(1);
        HttpResponse<String> future = call("POST", "night-co", "/runs", token, day(today.plusDays(1)));
        assertThat(future.statusCode())
                .as("a day after the shifted today is the future: %s", future.body())
                .isEqualTo(400);
        HttpResponse<String> accepted = call("POST", "night-co", "/runs", token, day(today));
        assertThat(accepted.statusCode())
                .as("the shifted today may be exported: %s", accepted.body())
                .isBetween(200, 202);
        String jobId = JSON.readTree(accepted.body()).get("jobId").asString();
        JsonNode run = await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> runOf("night-co", token, jobId),
                        found -> found != null
                                && "SUCCEEDED".equals(found.get("status").asString()));
        assertThat(Instant.parse(run.get("startedAt").asString()))
                .as("the worker stamps its result on the same shifted timeline")
                .isAfter(settled);
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(runs("night-co", token))
                        .as("the scheduler made the midnight run of the day that ended")
                        .anySatisfy(found -> {
                            assertThat(found.get("day").asString()).isEqualTo(ended.toString());
                            assertThat(found.get("trigger").asString()).isEqualTo("SCHEDULED");
                        }));
    }

    @Test
    void theControlPortHandsOutTokensForAnyCompanyWithTheirConsoleLink() throws Exception {
        JsonNode admin = token("acme", "admin");
        assertThat(admin.get("companyId").asString()).isEqualTo("acme");
        assertThat(admin.get("scope").asString()).isEqualTo("security-export:admin");
        assertThat(Instant.parse(admin.get("expiresAt").asString()))
                .isAfter(Instant.now().plus(Duration.ofHours(11)));
        assertThat(admin.get("consoleUrl").asString())
                .isEqualTo("http://localhost:" + services.configApi().getPort() + "/admin#company=acme&token="
                        + admin.get("token").asString());
        assertThat(call("GET", "acme", "/health", admin.get("token").asString(), null)
                        .statusCode())
                .isEqualTo(200);
        assertThat(call("GET", "other-co", "/health", admin.get("token").asString(), null)
                        .statusCode())
                .as("a token is for its own company only")
                .isEqualTo(403);

        String reader = token("acme", "read").get("token").asString();
        assertThat(call("GET", "acme", "/health", reader, null).statusCode()).isEqualTo(200);
        assertThat(call("DELETE", "acme", "", reader, null).statusCode()).isEqualTo(403);
    }

    @Test
    void aRoleCreatedOnTheControlPortWithTheConsolesExternalIdPassesTestCredentials() throws Exception {
        String token = token("role-co", "admin").get("token").asString();
        String externalId = JSON.readTree(call("GET", "role-co", "/aws-trust?bucket=demo", token, null)
                        .body())
                .get("externalId")
                .asString();
        String arn = "arn:aws:iam::210987654321:role/role-co-export";
        String bucket = TestResources.uniqueName("role-co");
        INFRASTRUCTURE.s3().createBucket(bucket);
        String settings = """
                {"bucket":"%s","credentials":{"method":"ROLE_ARN","roleArn":"%s"}}""".formatted(bucket, arn);
        assertThat(JSON.readTree(call("POST", "role-co", "/test", token, settings)
                                .body())
                        .get("passed")
                        .asBoolean())
                .isFalse();

        HttpResponse<String> created = send(
                HttpRequest.newBuilder(URI.create(control.uri("/role") + "?arn=" + arn + "&externalId=" + externalId))
                        .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(call("POST", "role-co", "/test", token, settings)
                                .body())
                        .get("passed")
                        .asBoolean())
                .isTrue();
        assertThat(send(HttpRequest.newBuilder(URI.create(control.uri("/role") + "?arn=not-an-arn"))
                                .POST(HttpRequest.BodyPublishers.noBody()))
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void anInvalidCompanyIdGetsNoTokenButAProblem() throws Exception {
        HttpResponse<String> refused =
                send(HttpRequest.newBuilder(URI.create(control.uri("/token") + "?company=" + "a".repeat(65))));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(refused.body())
                        .get("errors")
                        .get(0)
                        .get("field")
                        .asString())
                .isEqualTo("company");
        assertThat(send(HttpRequest.newBuilder(URI.create(control.uri("/token") + "?company=acme&scope=root")))
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void tokensAreSignedWithTheComposeDemoKeySoMintDemoTokenShWorksToo() {
        assertThat(DemoKeys.isDemoAuthPublicKey(TOKENS.publicKeyPem())).isTrue();
    }

    private static Clock clockOf(org.springframework.context.ApplicationContext context) {
        return context.getBean(Clock.class);
    }

    private static String day(LocalDate day) {
        return "{\"day\":\"" + day + "\"}";
    }

    private static JsonNode token(String company, String scope) throws Exception {
        HttpResponse<String> response = send(
                HttpRequest.newBuilder(URI.create(control.uri("/token") + "?company=" + company + "&scope=" + scope)));
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode runOf(String company, String token, String jobId) throws Exception {
        for (JsonNode run : runs(company, token)) {
            if (run.get("jobId").asString().equals(jobId)) {
                return run;
            }
        }
        return null;
    }

    private static JsonNode runs(String company, String token) throws Exception {
        return JSON.readTree(call("GET", company, "/runs", token, null).body());
    }

    private static HttpResponse<String> call(String method, String company, String path, String token, String body)
            throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(
                        URI.create(services.configApi() + "/api/v1/companies/" + company + "/security-export" + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

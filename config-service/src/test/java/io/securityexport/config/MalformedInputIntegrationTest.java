package io.securityexport.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.securityexport.testsupport.AccessKey;
import io.securityexport.testsupport.Infrastructure;
import io.securityexport.testsupport.TestResources;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Every malformed input gets a 400 problem that names the field (or says the body as a whole is unreadable), and
 * nothing malformed is stored or tested. Bodies are written as JSON text: {@code \\u0000} below is the JSON escape,
 * six characters, which the parser turns into a NUL.
 */
@SpringBootTest(
        classes = {ConfigApplication.class, MalformedInputIntegrationTest.Failing.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + ConfigApplication.CONFIG_NAME, TestKeys.DEMO_KEYS_ALLOWED})
class MalformedInputIntegrationTest {

    private static final Infrastructure INFRASTRUCTURE = Infrastructure.shared();
    private static final String PREFIX = TestResources.uniqueName("malformed");
    private static final String DATABASE = INFRASTRUCTURE.postgres().createDatabase("malformed");
    private static final AccessKey CUSTOMER = INFRASTRUCTURE.s3().createUser("malformed");
    private static final String SECRET = CUSTOMER.secretAccessKey();
    private static final String BUCKET = TestResources.uniqueName("acme-malformed");
    private static final String VALID = """
            {"bucket":"%s","region":"us-east-1","folderPath":"audit",
             "credentials":{"method":"ACCESS_KEY","accessKeyId":"%s","secretAccessKey":"%s"}}""".formatted(BUCKET, CUSTOMER.accessKeyId(), SECRET);
    private static final String ROLE = """
            {"bucket":"%s","credentials":{"method":"ROLE_ARN","roleArn":"arn:aws:iam::123456789012:role/export"}}""".formatted(BUCKET);

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

    @Test
    void aDuplicateKeyIsRefusedAndNamedInsteadOfTheLastValueWinning() {
        String duplicated = VALID.replace("{\"bucket\":", "{\"bucket\":\"other-bucket\",\"bucket\":");

        refused(put("dup-settings", duplicated), "bucket", "duplicate key");
        api.get().uri("/dup-settings/security-export").exchange().expectStatus().isNotFound();
    }

    @Test
    void aDuplicateKeyInsideCredentialsIsNamedWithItsPath() {
        String duplicated =
                VALID.replace("\"method\":\"ACCESS_KEY\"", "\"method\":\"ROLE_ARN\",\"method\":\"ACCESS_KEY\"");

        refused(put("dup-nested", duplicated), "credentials.method", "duplicate key");
    }

    @Test
    void aCredentialTestWithADuplicateKeyIsRefusedRatherThanTestingOneOfTheValues() {
        String duplicated = VALID.replace("{\"bucket\":", "{\"bucket\":\"other-bucket\",\"bucket\":");

        refused(post("/dup-test/security-export/test", duplicated), "bucket", "duplicate key");
    }

    @Test
    void aRunRequestWithADuplicateDayIsRefused() {
        refused(
                post("/dup-run/security-export/runs", "{\"day\":\"2026-01-01\",\"day\":\"2026-01-02\"}"),
                "day",
                "duplicate key");
    }

    static Stream<Arguments> settingsOfTheWrongType() {
        return Stream.of(
                Arguments.of("{\"serverSideEncryption\":\"yes\"}", "serverSideEncryption", "must be true or false"),
                Arguments.of("{\"serverSideEncryption\":\"true\"}", "serverSideEncryption", "must be true or false"),
                Arguments.of("{\"gzip\":1}", "gzip", "must be true or false"),
                Arguments.of("{\"enabled\":\"false\"}", "enabled", "must be true or false"),
                Arguments.of("{\"bucket\":12345}", "bucket", "must be a string"),
                Arguments.of("{\"region\":true}", "region", "must be a string"),
                Arguments.of("{\"folderPath\":[\"audit\"]}", "folderPath", "must be a string"),
                Arguments.of("{\"credentials\":\"ACCESS_KEY\"}", "credentials", "must be a JSON object"),
                Arguments.of(
                        "{\"credentials\":{\"secretAccessKey\":{}}}",
                        "credentials.secretAccessKey",
                        "must be a string"),
                Arguments.of("{\"bucket\":\"acme\",\"region\":us-east-1}", "region", "is not valid JSON"));
    }

    @ParameterizedTest
    @MethodSource("settingsOfTheWrongType")
    void settingsOfTheWrongJsonTypeNameTheField(String body, String field, String message) {
        refused(put("wrong-type", body), field, message);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-13-45",
                "2026-02-30",
                "tomorrow",
                "20261120",
                "2026-11-20T00:00:00Z",
                " 2026-11-20",
                "[2026,11,20]",
                ""
            })
    void aDayThatIsNotADateNamesDay(String day) {
        String json = day.matches("[0-9]+|\\[.*]") ? day : "\"" + day + "\"";

        refused(
                post("/bad-day/security-export/runs", "{\"day\":" + json + "}"),
                "day",
                "must be a date like 2026-11-20 (yyyy-MM-dd)");
    }

    @Test
    void aFutureDayNamesDayAndKeepsItsProblemType() {
        String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();

        refused(
                        post("/future/security-export/runs", "{\"day\":\"" + tomorrow + "\"}"),
                        "day",
                        "must be today or earlier")
                .jsonPath("$.type")
                .isEqualTo("https://security-export.dev/problems/day-not-exportable");
    }

    @Test
    void aRunRequestWithoutDayNamesDay() {
        refused(post("/no-day/security-export/runs", "{}"), "day", "is required");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "not json",
                "[]",
                "[{\"day\":\"2026-01-01\"}]",
                "\"2026-01-01\"",
                "{\"day\":\"2026-01-01\"} trailing",
                "{\"day\":\"2026-01-01\"}{}",
                "{\"day\":\"2026-01-01\"",
                "",
                "null"
            })
    void aBodyThatIsNotOneJsonObjectIsRefusedAsAWhole(String body) {
        post("/whole-body/security-export/runs", body)
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://security-export.dev/problems/malformed-request")
                .jsonPath("$.detail")
                .value(detail -> assertThat(detail.toString()).startsWith("The request body"))
                .jsonPath("$.errors")
                .isEmpty();
    }

    @Test
    void aTypeErrorNeverEchoesTheSubmittedValue() {
        String secretInABoolean = VALID.replace("\"folderPath\":\"audit\"", "\"gzip\":\"" + SECRET + "\"");
        String secretBesideATypeError = VALID.replace("\"region\":\"us-east-1\"", "\"region\":42");
        String secretAsTheDuplicate =
                VALID.replace("\"secretAccessKey\":", "\"secretAccessKey\":\"" + SECRET + "x\",\"secretAccessKey\":");

        for (String body : List.of(secretInABoolean, secretBesideATypeError, secretAsTheDuplicate)) {
            String response = put("no-echo", body)
                    .expectStatus()
                    .isBadRequest()
                    .expectBody(String.class)
                    .returnResult()
                    .getResponseBody();
            assertThat(response).doesNotContain(SECRET).doesNotContain(SECRET.substring(0, 12));
        }
    }

    static Stream<Arguments> unacceptableText() {
        return Stream.of(
                Arguments.of("\\u0000", "must not contain control characters"),
                Arguments.of("ab\\u0000cd", "must not contain control characters"),
                Arguments.of("ab\\u001bcd", "must not contain control characters"),
                Arguments.of("ab\\u0085cd", "must not contain control characters"),
                Arguments.of("ab\\ud800cd", "must be valid Unicode text"),
                Arguments.of("ab\\udc00", "must be valid Unicode text"),
                Arguments.of("", "must not be blank"),
                Arguments.of("   ", "must not be blank"),
                Arguments.of("\\u00a0", "must not be blank"),
                Arguments.of(" acme", "must not start or end with whitespace"),
                Arguments.of("acme\\t", "must not contain control characters"),
                Arguments.of("acme\\u3000", "must not start or end with whitespace"));
    }

    @ParameterizedTest
    @MethodSource("unacceptableText")
    void everyTextFieldRefusesControlCharactersBrokenUnicodeAndStrayWhitespace(String jsonText, String message) {
        refused(put("text", withValue(VALID, "bucket", jsonText)), "bucket", message);
        refused(put("text", withValue(VALID, "region", jsonText)), "region", message);
        refused(put("text", withValue(VALID, "folderPath", jsonText)), "folderPath", message);
        refused(put("text", withValue(VALID, "accessKeyId", jsonText)), "credentials.accessKeyId", message);
        refused(put("text", withValue(VALID, "secretAccessKey", jsonText)), "credentials.secretAccessKey", message);
        refused(put("text", withValue(ROLE, "roleArn", jsonText)), "credentials.roleArn", message);
        refused(
                post("/text/security-export/test", withValue(VALID, "secretAccessKey", jsonText)),
                "credentials.secretAccessKey",
                message);

        api.get().uri("/text/security-export").exchange().expectStatus().isNotFound();
    }

    @Test
    void aRawControlCharacterInAStringIsNamedToo() {
        refused(
                put("raw-control", VALID.replace("\"folderPath\":\"audit\"", "\"folderPath\":\"au\u0001dit\"")),
                "folderPath",
                "is not valid JSON");
    }

    @Test
    void aSecretWithANulIsNeitherTestedNorStored() throws Exception {
        String nul = VALID.replace(SECRET, SECRET.substring(0, 20) + "\\u0000" + SECRET.substring(21));

        refused(
                post("/nul-secret/security-export/test", nul),
                "credentials.secretAccessKey",
                "must not contain control characters");
        refused(
                api.put()
                        .uri("/nul-secret/security-export?saveAnyway=true")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(nul)
                        .exchange(),
                "credentials.secretAccessKey",
                "must not contain control characters");

        try (Connection connection = DriverManager.getConnection(
                        INFRASTRUCTURE.postgres().jdbcUrl(DATABASE),
                        INFRASTRUCTURE.postgres().username(),
                        INFRASTRUCTURE.postgres().password());
                ResultSet rows = connection
                        .createStatement()
                        .executeQuery("SELECT count(*) FROM config.export_settings WHERE company_id = 'nul-secret'")) {
            rows.next();
            assertThat(rows.getInt(1)).isZero();
        }
    }

    @Test
    void anAwsTrustQueryParameterThatBreaksTheRulesIsNamed() {
        refused(
                api.get()
                        .uri("/trust/security-export/aws-trust?folderPath=/leading")
                        .exchange(),
                "folderPath",
                "must not start or end with '/'");
        refused(
                api.get().uri("/trust/security-export/aws-trust?bucket=*").exchange(),
                "bucket",
                "must be a valid S3 bucket name");
        refused(
                api.get()
                        .uri("/trust/security-export/aws-trust?bucket={bucket}", " acme")
                        .exchange(),
                "bucket",
                "must not start or end with whitespace");
    }

    @Test
    void aQueryParameterOfTheWrongTypeIsNamed() {
        refused(
                api.put()
                        .uri("/flag/security-export?saveAnyway=perhaps")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(VALID)
                        .exchange(),
                "saveAnyway",
                "must be true or false");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad.id", "a-company-id-of-sixty-five-characters-is-one-more-than-allowed-xx"})
    void anInvalidCompanyIdInThePathIsNamed(String companyId) {
        refused(api.get().uri("/" + companyId + "/security-export").exchange(), "companyId", "must be 1-64 characters");
        refused(
                post("/" + companyId + "/security-export/runs", "{\"day\":\"2026-01-01\"}"),
                "companyId",
                "must be 1-64 characters");
    }

    /** A test-only endpoint that fails the way a bug deep down would: with a plain IllegalArgumentException. */
    @RestController
    static class Failing {
        static final String INTERNALS = "index 7 out of range for lookup table 'sealing-keys'";

        @GetMapping("/api/v1/companies/{companyId}/security-export/test-only-failure")
        Mono<String> fail(@PathVariable String companyId) {
            return Mono.error(new IllegalArgumentException(INTERNALS));
        }
    }

    @Test
    void anUnexpectedIllegalArgumentIsOurFaultAndSaysNothingOfItsCause() {
        api.get()
                .uri("/unexpected/security-export/test-only-failure")
                .exchange()
                .expectStatus()
                .isEqualTo(500)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class)
                .value(body -> assertThat(body)
                        .contains("https://security-export.dev/problems/internal-error")
                        .doesNotContain(Failing.INTERNALS)
                        .doesNotContain("sealing-keys"));
    }

    /** Replaces the JSON string value of {@code key} (its first occurrence) with {@code jsonText}, escapes as written. */
    private static String withValue(String json, String key, String jsonText) {
        return json.replaceFirst(
                "\"" + key + "\":\"[^\"]*\"",
                java.util.regex.Matcher.quoteReplacement("\"" + key + "\":\"" + jsonText + "\""));
    }

    private WebTestClient.BodyContentSpec refused(WebTestClient.ResponseSpec response, String field, String message) {
        return response.expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[?(@.field == '" + field + "')].message")
                .value(messages -> assertThat(messages)
                        .as("problem of " + field)
                        .asInstanceOf(InstanceOfAssertFactories.LIST)
                        .anySatisfy(said -> assertThat(said.toString()).contains(message)));
    }

    private WebTestClient.ResponseSpec put(String company, String json) {
        return api.put()
                .uri("/" + company + "/security-export")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json)
                .exchange();
    }

    private WebTestClient.ResponseSpec post(String path, String json) {
        return api.post()
                .uri(path)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json)
                .exchange();
    }
}

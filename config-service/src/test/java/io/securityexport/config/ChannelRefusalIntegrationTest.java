package io.securityexport.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.securityexport.testsupport.Infrastructure;
import io.securityexport.testsupport.TestResources;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Collections;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * With the production setting (no private webhooks), channels that would make the platform call its own network,
 * and malformed channels, are refused with a 400 problem naming the field, and nothing is stored.
 */
@SpringBootTest(
        classes = ConfigApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.name=" + ConfigApplication.CONFIG_NAME,
            TestKeys.DEMO_KEYS_ALLOWED,
            "SCHEDULER_ENABLED=false"
        })
class ChannelRefusalIntegrationTest {

    static final Infrastructure INFRASTRUCTURE = Infrastructure.shared();
    static final String PREFIX = TestResources.uniqueName("refusal");
    static final String DATABASE = INFRASTRUCTURE.postgres().createDatabase("refusal");

    @Value("${local.server.port}")
    int port;

    WebTestClient api;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ConfigEnvironment.register(registry, INFRASTRUCTURE, DATABASE, PREFIX);
    }

    @BeforeEach
    void client() {
        api = TenantClients.admin(port);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://127.0.0.1/hook",
                "https://10.0.0.1/hook",
                "https://192.168.0.10/hook",
                "https://169.254.169.254/latest/meta-data/",
                "https://[::1]/hook",
                "https://[fd00::1]/hook",
                "https://0.0.0.0/hook",
                "https://localhost/hook",
                "http://hooks.example.com/plain-http",
                "ftp://hooks.example.com/x",
                "https://user:password@hooks.example.com/x"
            })
    void aWebhookThatCouldReachThePlatformsOwnNetworkIsRefused(String url) {
        refused("{\"kind\":\"webhook\",\"url\":\"" + url + "\"}", "url");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"kind\":\"email\",\"addresses\":[\"not-an-address\"]}|addresses[0]",
                "{\"kind\":\"email\",\"addresses\":[\"ok@example.com\",\"Eve <e@example.com>\"]}|addresses[1]",
                "{\"kind\":\"email\",\"addresses\":[]}|addresses",
                "{\"kind\":\"email\"}|addresses",
                "{\"kind\":\"sms\",\"addresses\":[\"a@example.com\"]}|kind",
                "{\"url\":\"https://hooks.example.com/x\"}|kind",
                "{\"kind\":\"webhook\"}|url"
            })
    void aMalformedChannelIsRefusedNamingTheField(String body, String field) {
        refused(body, field);
    }

    @ParameterizedTest
    @ValueSource(ints = {21, 50})
    void moreThanTwentyAddressesAreRefused(int count) {
        String addresses =
                Collections.nCopies(count, "\"ops@example.com\"").stream().collect(Collectors.joining(","));
        refused("{\"kind\":\"email\",\"addresses\":[" + addresses + "]}", "addresses");
    }

    @ParameterizedTest
    @ValueSource(ints = {2049, 10_000})
    void aTooLongUrlIsRefused(int length) {
        String url = "https://hooks.example.com/" + "a".repeat(length);
        refused("{\"kind\":\"webhook\",\"url\":\"" + url + "\"}", "url");
    }

    /**
     * A channel accepted while its host resolved to a public address (DNS answers change; rows may predate a rule):
     * each delivery checks again and sends nothing to a private address.
     */
    @Test
    void aDeliveryToAnAddressThatBecamePrivateIsNotSent() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            UUID channel = UUID.randomUUID();
            try (Connection connection = DriverManager.getConnection(
                            INFRASTRUCTURE.postgres().jdbcUrl(DATABASE),
                            INFRASTRUCTURE.postgres().username(),
                            INFRASTRUCTURE.postgres().password());
                    PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO config.alert_channels (id, company_id, kind, url, created_at)"
                                    + " VALUES (?, 'rebound', 'webhook', ?, now())")) {
                insert.setObject(1, channel);
                insert.setString(2, receiver.url("/internal").replace("http://", "https://"));
                insert.executeUpdate();
            }

            api.post()
                    .uri("/rebound/security-export/channels/" + channel + "/test")
                    .exchange()
                    .expectStatus()
                    .isAccepted();

            await().atMost(Duration.ofSeconds(20))
                    .until(
                            () -> api.get()
                                    .uri("/rebound/security-export/channels/" + channel + "/deliveries")
                                    .exchange()
                                    .expectBody(String.class)
                                    .returnResult()
                                    .getResponseBody(),
                            log -> log.contains("must not point to a loopback"));
            assertThat(receiver.on("/internal")).isEmpty();
        }
    }

    private void refused(String body, String field) {
        api.post()
                .uri("/refused/security-export/channels")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo(field);
        api.get()
                .uri("/refused/security-export/channels")
                .exchange()
                .expectBody()
                .json("[]");
    }
}

package io.securityexport.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.securityexport.common.health.KafkaBrokerHealth;
import io.securityexport.testsupport.DeadLetterTopic.DeadLetter;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(
        classes = IngestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + IngestApplication.CONFIG_NAME)
class EventIngestionIntegrationTest {

    private static final IngestFixture FIXTURE = new IngestFixture("ingest");

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        FIXTURE.register(registry);
    }

    @Test
    void aRedeliveredEventIsStoredOnce() throws Exception {
        publish("dup-co", event("dup-co", "same-id", "Signed In"));
        publish("dup-co", event("dup-co", "same-id", "Signed In"), event("dup-co", "other-id", "Signed In"));
        publish("dup-co", event("dup-co", "same-id", "Signed In"));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(
                                count("SELECT count(*) FROM ingest.security_events WHERE company_id = 'dup-co'"))
                        .isEqualTo(2));
        publish("dup-co", event("dup-co", "marker", "Signed In"));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(
                                count("SELECT count(*) FROM ingest.security_events WHERE company_id = 'dup-co'"))
                        .isEqualTo(3));
        assertThat(count("SELECT count(*) FROM ingest.security_events WHERE event_id = 'same-id'"))
                .isEqualTo(1);
    }

    @Test
    void everyKindOfBadRecordIsDeadLetteredWithItsReasonCountedAndGoodRecordsAroundItAreStored() {
        String actor = "\"actor\":{\"developerId\":\"d-1\",\"email\":\"a@b.io\"}";
        String base =
                "\"eventId\":\"x\",\"companyId\":\"bad-co\",\"occurredAt\":\"2026-11-01T08:00:00Z\",\"eventName\":\"n\",";
        Map<String, String> badRecords = new java.util.LinkedHashMap<>();
        badRecords.put("NOT_JSON", "not json at all");
        badRecords.put("NOT_AN_OBJECT", "[1,2,3]");
        badRecords.put(
                "MISSING_FIELD",
                "{\"companyId\":\"bad-co\",\"occurredAt\":\"2026-11-01T08:00:00Z\",\"eventName\":\"n\"," + actor + "}");
        badRecords.put("WRONG_TYPE", "{" + base.replace("\"x\"", "42") + actor + "}");
        badRecords.put("KEY_MISMATCH", event("someone-else", "k-1", "Signed In"));
        badRecords.put("INVALID_COMPANY_ID", "{" + base.replace("\"bad-co\"", "\"bad co!\"") + actor + "}");
        badRecords.put("INVALID_EVENT_ID", "{" + base.replace("\"x\"", "\"\"") + actor + "}");
        badRecords.put("INVALID_EVENT_NAME", "{" + base.replace("\"n\"", "\"" + "n".repeat(201) + "\"") + actor + "}");
        badRecords.put("INVALID_ACTOR", "{" + base + "\"actor\":{\"email\":\"a@b.io\"}}");
        badRecords.put("INVALID_OTHER_ACCOUNT", "{" + base + actor + ",\"otherAccount\":\"" + "o".repeat(321) + "\"}");
        badRecords.put("INVALID_TIMESTAMP", "{" + base.replace("2026-11-01T08:00:00Z", "yesterday") + actor + "}");
        badRecords.put(
                "TIMESTAMP_OUT_OF_RANGE",
                "{" + base.replace("2026-11-01T08:00:00Z", "1970-01-01T00:00:00Z") + actor + "}");
        badRecords.put(
                "PROPERTIES_TOO_LARGE",
                "{" + base + actor + ",\"properties\":{\"blob\":\"" + "p".repeat(70_000) + "\"}}");

        List<String> records = new ArrayList<>();
        int good = 0;
        for (String bad : badRecords.values()) {
            records.add(bad);
            records.add(
                    event("bad-co", "good-" + good++, "Signed In").replace("}", ",\"unknownExtra\":{\"kept\":false}}"));
        }
        FIXTURE.publish("bad-co", records);
        FIXTURE.infrastructure
                .kafka()
                .publishText(FIXTURE.events, null, List.of(event("bad-co", "no-key", "Signed In")));

        int expectedGood = good;
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(
                                count(
                                        "SELECT count(*) FROM ingest.security_events WHERE company_id = 'bad-co' AND event_id LIKE 'good-%'"))
                        .isEqualTo(expectedGood));
        List<String> expectedReasons = new ArrayList<>(badRecords.keySet());
        expectedReasons.add("MISSING_KEY");
        List<DeadLetter> letters = await().atMost(Duration.ofSeconds(60))
                .until(FIXTURE::deadLetters, all -> all.size() >= expectedReasons.size());
        assertThat(letters).allSatisfy(letter -> assertThat(letter.detail()).isNotBlank());
        assertThat(letters).extracting(DeadLetter::reason).containsExactlyInAnyOrderElementsOf(expectedReasons);
        assertThat(prometheus())
                .contains("ingest_events_dead_lettered_total{reason=\"PROPERTIES_TOO_LARGE\"} 1.0")
                .contains("ingest_batch_duration_seconds_count")
                .contains("kafka_consumer_fetch_manager_records_lag_max");
    }

    @Test
    void theDirectoryFollowsDashboardUsersIncludingDeletionsAndTombstones() throws Exception {
        String users = FIXTURE.dashboardUsers;
        publishUsers(
                users,
                "dev-a",
                "{\"developerId\":\"dev-a\",\"companyId\":\"dir-co\",\"email\":\"old@dir.io\",\"deleted\":false}",
                "{\"developerId\":\"dev-a\",\"companyId\":\"dir-co\",\"email\":\"new@dir.io\",\"deleted\":false}");
        publishUsers(
                users,
                "dev-b",
                "{\"developerId\":\"dev-b\",\"companyId\":\"dir-co\",\"email\":\"b@dir.io\",\"deleted\":false}",
                "{\"developerId\":\"dev-b\",\"companyId\":\"dir-co\",\"email\":\"b@dir.io\",\"deleted\":true}");
        publishUsers(
                users,
                "dev-c",
                "{\"developerId\":\"dev-c\",\"companyId\":\"dir-co\",\"email\":\"c@dir.io\",\"deleted\":false}");
        FIXTURE.infrastructure.kafka().publishText(users, "dev-c", java.util.Collections.singletonList(null));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(count(
                            "SELECT count(*) FROM ingest.dashboard_users WHERE developer_id = 'dev-a' AND email = 'new@dir.io'"
                                    + " AND NOT deleted"))
                    .isEqualTo(1);
            assertThat(count("SELECT count(*) FROM ingest.dashboard_users WHERE developer_id = 'dev-b' AND deleted"))
                    .isEqualTo(1);
            assertThat(count("SELECT count(*) FROM ingest.dashboard_users WHERE developer_id = 'dev-c' AND deleted"))
                    .isEqualTo(1);
        });
    }

    @Test
    void partitionsExistAheadOfNeed() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (int ahead = 0; ahead <= 2; ahead++) {
                String partition =
                        "security_events_" + today.plusDays(ahead).toString().replace('-', '_');
                assertThat(count("SELECT count(*) FROM pg_tables WHERE schemaname = 'ingest' AND tablename = '"
                                + partition + "'"))
                        .as(partition)
                        .isEqualTo(1);
            }
        });
    }

    @Test
    void isReadyWhenPostgresAndKafkaAnswer() {
        WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .build()
                .get()
                .uri("/actuator/health/readiness")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("UP")
                .jsonPath("$.components.r2dbc.status")
                .isEqualTo("UP")
                .jsonPath("$.components.kafka.status")
                .isEqualTo("UP");
    }

    @Test
    void kafkaIsDownWhenNoBrokerAnswers() {
        KafkaBrokerHealth unreachable = new KafkaBrokerHealth(Map.of("bootstrap.servers", "127.0.0.1:1"));
        try {
            assertThat(unreachable.health().block().getStatus()).isEqualTo(Status.DOWN);
        } finally {
            unreachable.close();
        }
    }

    private static String event(String company, String eventId, String name) {
        return "{\"eventId\":\"" + eventId + "\",\"companyId\":\"" + company
                + "\",\"occurredAt\":\"2026-11-01T08:00:00Z\"," + "\"eventName\":\"" + name
                + "\",\"actor\":{\"developerId\":\"d-1\",\"email\":\"a@b.io\"}}";
    }

    private String prometheus() {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .build()
                .get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    private static void publish(String key, String... values) {
        FIXTURE.publish(key, List.of(values));
    }

    private static void publishUsers(String topic, String key, String... values) {
        FIXTURE.infrastructure.kafka().publishText(topic, key, List.of(values));
    }

    private static long count(String sql) throws Exception {
        return FIXTURE.count(sql);
    }
}

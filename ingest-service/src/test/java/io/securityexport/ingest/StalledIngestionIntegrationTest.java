package io.securityexport.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.securityexport.testsupport.Infrastructure;
import io.securityexport.testsupport.ServiceEnvironment;
import io.securityexport.testsupport.TestResources;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A batch that fails on every retry (here: PostgreSQL answers every insert with a serialization failure, a transient
 * error) holds its partition still. Readiness must say so — naming the partition — and the lag metrics must show the
 * records piling up, where the consumer client's own lag metric reads 0. When storing works again, all recovers by
 * itself.
 */
@SpringBootTest(
        classes = IngestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + IngestApplication.CONFIG_NAME)
class StalledIngestionIntegrationTest {

    private static final Infrastructure INFRASTRUCTURE = Infrastructure.shared();
    private static final String PREFIX = TestResources.uniqueName("stall");
    private static final String DATABASE = INFRASTRUCTURE.postgres().createDatabase("stall");
    private static final String EVENTS = PREFIX + ".security-events";
    private static final String LISTENER = "security-events-ingest";
    private static final Duration STALL_AFTER = Duration.ofSeconds(3);
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        INFRASTRUCTURE.kafka().createTopics(2, EVENTS, PREFIX + ".security-events.DLT", PREFIX + ".dashboard-users");
        ServiceEnvironment.variables(INFRASTRUCTURE, DATABASE, PREFIX)
                .forEach((name, value) -> registry.add(name, () -> value));
        registry.add("security-export.ingest.progress.stall-after", STALL_AFTER::toString);
        registry.add("security-export.ingest.progress.lag-interval", () -> "500ms");
    }

    @Test
    void readinessGoesDownNamingTheStalledPartitionWhileEveryRetryFailsAndRecoversWhenStoringWorksAgain()
            throws Exception {
        publish(0, 0, 10);
        publish(1, 10, 10);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(stored()).isEqualTo(20));
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(gauge("ingest_consumer_lag")).isZero());
        // idle with nothing to read for longer than stall-after: that is no stall
        await().during(STALL_AFTER.plusSeconds(1))
                .atMost(PATIENCE)
                .untilAsserted(() ->
                        readiness(200).jsonPath("$.components.ingestion.status").isEqualTo("UP"));

        refuseEveryInsert();
        publish(1, 20, 30);

        await().atMost(PATIENCE)
                .untilAsserted(() -> readiness(503)
                        .jsonPath("$.components.ingestion.status")
                        .isEqualTo("DOWN")
                        .jsonPath("$.components.ingestion.details['" + LISTENER + "'].stalledPartitions.length()")
                        .isEqualTo(1)
                        .jsonPath("$.components.ingestion.details['" + LISTENER + "'].stalledPartitions[0].partition")
                        .isEqualTo(EVENTS + "-1")
                        .jsonPath("$.components.ingestion.details['" + LISTENER + "'].stalledPartitions[0].lag")
                        .isEqualTo(30)
                        .jsonPath("$.components.ingestion.details['" + LISTENER
                                + "'].stalledPartitions[0].lastError.sqlState")
                        .isEqualTo("40001"));
        assertThat(gauge("ingest_consumer_lag")).isEqualTo(30);
        assertThat(gauge("ingest_consumer_lag_max")).isEqualTo(30);
        assertThat(gauge("ingest_consumer_stalled_partitions")).isEqualTo(1);
        assertThat(stored()).isEqualTo(20);

        acceptInsertsAgain();

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(stored()).isEqualTo(50));
        await().atMost(PATIENCE).untilAsserted(() -> {
            readiness(200).jsonPath("$.components.ingestion.status").isEqualTo("UP");
            assertThat(gauge("ingest_consumer_lag")).isZero();
            assertThat(gauge("ingest_consumer_stalled_partitions")).isZero();
        });
    }

    /** 40001 (serialization_failure) is transient: the batch is retried, never dead-lettered. */
    private static void refuseEveryInsert() throws SQLException {
        execute("""
                CREATE FUNCTION ingest.refuse_insert() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  RAISE EXCEPTION 'refused by the test' USING ERRCODE = '40001';
                END $$""");
        execute("CREATE TRIGGER refuse_insert BEFORE INSERT ON ingest.security_events"
                + " FOR EACH ROW EXECUTE FUNCTION ingest.refuse_insert()");
    }

    private static void acceptInsertsAgain() throws SQLException {
        execute("DROP TRIGGER refuse_insert ON ingest.security_events");
    }

    private WebTestClient.BodyContentSpec readiness(int status) {
        return client().get()
                .uri("/actuator/health/readiness")
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectBody();
    }

    /** The value of a progress gauge of the events listener, as Prometheus scrapes it. */
    private double gauge(String name) {
        String scrape = client().get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        Matcher line = Pattern.compile("(?m)^" + name + "\\{[^}]*listener=\"" + LISTENER + "\"[^}]*} (\\S+)$")
                .matcher(scrape);
        assertThat(line.find()).as(name + " in the scrape").isTrue();
        return Double.parseDouble(line.group(1));
    }

    private WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    private static void publish(int partition, int from, int count) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        INFRASTRUCTURE.kafka().bootstrapServers()),
                new StringSerializer(),
                new StringSerializer())) {
            for (int i = from; i < from + count; i++) {
                String company = "company-" + (i % 3);
                producer.send(new ProducerRecord<>(
                        EVENTS,
                        partition,
                        company,
                        "{\"eventId\":\"e-" + i + "\",\"companyId\":\""
                                + company + "\",\"occurredAt\":\"2026-11-01T08:00:00Z\",\"eventName\":\"Signed In\","
                                + "\"actor\":{\"developerId\":\"d-1\",\"email\":\"a@b.io\"}}"));
            }
        }
    }

    private static long stored() throws SQLException {
        try (Connection connection = connect();
                ResultSet rows =
                        connection.createStatement().executeQuery("SELECT count(*) FROM ingest.security_events")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = connect()) {
            connection.createStatement().execute(sql);
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(
                INFRASTRUCTURE.postgres().jdbcUrl(DATABASE),
                INFRASTRUCTURE.postgres().username(),
                INFRASTRUCTURE.postgres().password());
    }
}

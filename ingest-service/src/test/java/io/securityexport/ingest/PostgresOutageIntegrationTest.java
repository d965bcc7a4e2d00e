package io.securityexport.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.securityexport.testsupport.Infrastructure;
import io.securityexport.testsupport.RestartablePostgres;
import io.securityexport.testsupport.ServiceEnvironment;
import io.securityexport.testsupport.TestResources;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * PostgreSQL goes away mid-stream and comes back: the service reports itself not ready, keeps retrying the same
 * batch without moving its offsets, and when the database returns every event is stored exactly once.
 */
@SpringBootTest(
        classes = IngestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + IngestApplication.CONFIG_NAME)
class PostgresOutageIntegrationTest {

    private static final Infrastructure INFRASTRUCTURE = Infrastructure.shared();
    private static final RestartablePostgres POSTGRES = INFRASTRUCTURE.restartablePostgres();
    private static final String DATABASE = POSTGRES.createDatabase("outage");
    private static final String PREFIX = TestResources.uniqueName("outage");
    private static final String EVENTS = PREFIX + ".security-events";
    private static final int BEFORE = 3_000;
    private static final int DURING = 3_000;

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        INFRASTRUCTURE.kafka().createTopics(3, EVENTS, PREFIX + ".security-events.DLT", PREFIX + ".dashboard-users");
        ServiceEnvironment.variables(INFRASTRUCTURE, DATABASE, PREFIX)
                .forEach((name, value) -> registry.add(name, () -> value));
        registry.add("DATABASE_HOST", POSTGRES::host);
        registry.add("DATABASE_PORT", () -> Integer.toString(POSTGRES.port()));
        registry.add("security-export.ingest.batch-timeout", () -> "5s");
        registry.add("spring.kafka.consumer.max-poll-records", () -> "200");
    }

    @AfterAll
    static void stopOwnDatabase() {
        POSTGRES.close();
    }

    @Test
    void noEventIsLostOrDuplicatedWhenPostgresStopsAndRestartsMidStream() throws Exception {
        publish(0, BEFORE);
        await().atMost(Duration.ofSeconds(30)).until(() -> storedOrZero() > 0);

        POSTGRES.stop();
        publish(BEFORE, DURING);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> readiness().expectStatus().isEqualTo(503));
        POSTGRES.start();

        await().atMost(Duration.ofSeconds(90))
                .untilAsserted(() -> assertThat(storedOrZero()).isEqualTo(BEFORE + DURING));
        assertThat(count("SELECT count(DISTINCT event_id) FROM ingest.security_events"))
                .isEqualTo(BEFORE + DURING);
        readiness().expectStatus().isOk();
    }

    private WebTestClient.ResponseSpec readiness() {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .build()
                .get()
                .uri("/actuator/health/readiness")
                .exchange();
    }

    private static void publish(int from, int count) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        INFRASTRUCTURE.kafka().bootstrapServers()),
                new StringSerializer(),
                new StringSerializer())) {
            for (int i = from; i < from + count; i++) {
                String company = "company-" + (i % 7);
                producer.send(new ProducerRecord<>(
                        EVENTS,
                        company,
                        "{\"eventId\":\"e-" + i + "\",\"companyId\":\"" + company
                                + "\",\"occurredAt\":\"2026-11-01T08:00:00Z\",\"eventName\":\"Signed In\","
                                + "\"actor\":{\"developerId\":\"d-1\",\"email\":\"a@b.io\"}}"));
            }
        }
    }

    private static long storedOrZero() {
        try {
            return count("SELECT count(*) FROM ingest.security_events");
        } catch (SQLException e) {
            return 0; // the database is down: nothing to count now
        }
    }

    private static long count(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                        POSTGRES.jdbcUrl(DATABASE), POSTGRES.username(), POSTGRES.password());
                ResultSet rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}

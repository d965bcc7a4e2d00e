package io.securityexport.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.securityexport.testsupport.Infrastructure;
import io.securityexport.testsupport.MutableClock;
import io.securityexport.testsupport.ServiceEnvironment;
import io.securityexport.testsupport.TestResources;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The midnight rule with the service's clock in the test's hands: the receipt time decides the day to the
 * millisecond, and a write still hanging at midnight cannot add a row to the day that has ended.
 */
@SpringBootTest(
        classes = {IngestApplication.class, MidnightBoundaryIntegrationTest.TestClock.class},
        properties = "spring.config.name=" + IngestApplication.CONFIG_NAME)
class MidnightBoundaryIntegrationTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 20);
    private static final Instant MIDNIGHT = Instant.parse("2026-11-21T00:00:00Z");
    private static final MutableClock CLOCK = new MutableClock(MIDNIGHT.minusSeconds(60));
    private static final Infrastructure INFRASTRUCTURE = Infrastructure.shared();
    private static final String PREFIX = TestResources.uniqueName("midnight");
    private static final String DATABASE = INFRASTRUCTURE.postgres().createDatabase("midnight");
    private static final String EVENTS = PREFIX + ".security-events";

    @TestConfiguration
    static class TestClock {
        @Bean
        @Primary
        Clock testClock() {
            return CLOCK;
        }
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        INFRASTRUCTURE.kafka().createTopics(1, EVENTS, PREFIX + ".security-events.DLT", PREFIX + ".dashboard-users");
        ServiceEnvironment.variables(INFRASTRUCTURE, DATABASE, PREFIX)
                .forEach((name, value) -> registry.add(name, () -> value));
        registry.add("security-export.ingest.statement-timeout", () -> "2s");
    }

    @Test
    void theLastMillisecondBelongsToTheEndingDayAndTheNextToTheNewOne() throws Exception {
        CLOCK.set(MIDNIGHT.minusMillis(1));
        publish("last-ms");
        await().atMost(Duration.ofSeconds(30)).until(() -> dayOf("last-ms") != null);

        CLOCK.set(MIDNIGHT);
        publish("first-ms");
        await().atMost(Duration.ofSeconds(30)).until(() -> dayOf("first-ms") != null);

        assertThat(dayOf("last-ms")).isEqualTo(DAY);
        assertThat(dayOf("first-ms")).isEqualTo(DAY.plusDays(1));
    }

    @Test
    void aWriteHangingAtMidnightCannotAddToTheEndedDayAndLandsInTheNextOnce() throws Exception {
        CLOCK.set(MIDNIGHT.minusMillis(500));
        long rowsOfDayBefore = count("SELECT count(*) FROM ingest.security_events WHERE received_day = '" + DAY + "'");
        try (Connection blocker = connect();
                Statement lock = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            lock.execute("LOCK TABLE ingest.security_events_2026_11_20 IN ACCESS EXCLUSIVE MODE");

            publish("hanging");
            Instant firstAttempt = await().atMost(Duration.ofSeconds(30))
                    .until(this::waitingInsertStartedAt, started -> started != null);
            CLOCK.set(MIDNIGHT.plusSeconds(1));
            // the statement timeout cancels the first attempt; the redelivered batch is stamped on the new day
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                Instant waiting = waitingInsertStartedAt();
                return waiting == null || waiting.isAfter(firstAttempt);
            });
            blocker.commit();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> dayOf("hanging") != null);
        assertThat(dayOf("hanging")).isEqualTo(DAY.plusDays(1));
        assertThat(count("SELECT count(*) FROM ingest.security_events WHERE event_id = 'hanging'"))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM ingest.security_events WHERE received_day = '" + DAY + "'"))
                .isEqualTo(rowsOfDayBefore);
    }

    @Test
    void underContinuousIngestionAcrossMidnightEveryEventLandsInExactlyTheDayOfItsReceipt() throws Exception {
        CLOCK.set(MIDNIGHT.minusSeconds(2));
        int events = 3_000;
        java.util.concurrent.CountDownLatch midnightPassed = new java.util.concurrent.CountDownLatch(1);
        Thread producer = new Thread(() -> {
            try (KafkaProducer<String, String> kafka = producer()) {
                for (int i = 0; i < events; i++) {
                    if (i == events / 2) {
                        kafka.flush();
                        awaitQuietly(midnightPassed);
                    }
                    kafka.send(new ProducerRecord<>(EVENTS, "night-co", json("stream-" + i)));
                }
            }
        });
        producer.start();
        // the clock turns while the first half is still being ingested; the second half follows right after
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        count("SELECT count(*) FROM ingest.security_events" + " WHERE event_id LIKE 'stream-%'") > 0);
        CLOCK.set(MIDNIGHT.plusMillis(1));
        midnightPassed.countDown();
        producer.join();

        await().atMost(Duration.ofSeconds(60))
                .until(() -> count("SELECT count(DISTINCT event_id) FROM ingest.security_events"
                                + " WHERE event_id LIKE 'stream-%'")
                        == events);
        assertThat(count("SELECT count(*) FROM ingest.security_events WHERE event_id LIKE 'stream-%'"))
                .isEqualTo(events);
        assertThat(count("SELECT count(*) FROM ingest.security_events WHERE event_id LIKE 'stream-%'"
                        + " AND received_day <> (received_at AT TIME ZONE 'UTC')::date"))
                .isZero();
        assertThat(count("SELECT count(*) FROM ingest.security_events WHERE event_id LIKE 'stream-%'"
                        + " AND received_day = '" + DAY + "'"))
                .isPositive();
        assertThat(count("SELECT count(*) FROM ingest.security_events WHERE event_id LIKE 'stream-%'"
                        + " AND received_day = '" + DAY.plusDays(1) + "'"))
                .isPositive();
    }

    private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void publish(String eventId) {
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(EVENTS, "night-co", json(eventId)));
        }
    }

    private static String json(String eventId) {
        return "{\"eventId\":\"" + eventId + "\",\"companyId\":\"night-co\",\"occurredAt\":\"2026-11-20T12:00:00Z\","
                + "\"eventName\":\"Signed In\",\"actor\":{\"developerId\":\"d-1\",\"email\":\"a@b.io\"}}";
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        INFRASTRUCTURE.kafka().bootstrapServers()),
                new StringSerializer(),
                new StringSerializer());
    }

    private Instant waitingInsertStartedAt() throws SQLException {
        try (Connection connection = connect();
                ResultSet rows = connection
                        .createStatement()
                        .executeQuery("SELECT max(query_start) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                                + " AND query LIKE '%INSERT INTO ingest.security_events%'")) {
            rows.next();
            java.sql.Timestamp started = rows.getTimestamp(1);
            return started == null ? null : started.toInstant();
        }
    }

    private static LocalDate dayOf(String eventId) throws SQLException {
        try (Connection connection = connect();
                ResultSet rows = connection
                        .createStatement()
                        .executeQuery(
                                "SELECT received_day FROM ingest.security_events WHERE event_id = '" + eventId + "'")) {
            return rows.next() ? rows.getObject(1, LocalDate.class) : null;
        }
    }

    private static long count(String sql) throws SQLException {
        try (Connection connection = connect();
                ResultSet rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(
                INFRASTRUCTURE.postgres().jdbcUrl(DATABASE),
                INFRASTRUCTURE.postgres().username(),
                INFRASTRUCTURE.postgres().password());
    }
}

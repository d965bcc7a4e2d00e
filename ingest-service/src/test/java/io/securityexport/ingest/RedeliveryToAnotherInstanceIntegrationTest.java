package io.securityexport.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.securityexport.testsupport.Infrastructure;
import io.securityexport.testsupport.ServiceEnvironment;
import io.securityexport.testsupport.TestResources;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * At-least-once delivery at its worst: an instance whose offsets were lost (a crash before commit, a reset group)
 * reads everything again. It must store nothing twice, and the metrics must say so.
 */
class RedeliveryToAnotherInstanceIntegrationTest {

    private static final Infrastructure INFRASTRUCTURE = Infrastructure.shared();
    private static final int EVENTS = 2_000;

    @Test
    void aSecondInstanceReadingTheWholeTopicAgainStoresNothingTwice() throws Exception {
        String prefix = TestResources.uniqueName("redelivery");
        String database = INFRASTRUCTURE.postgres().createDatabase("redelivery");
        INFRASTRUCTURE
                .kafka()
                .createTopics(
                        3, prefix + ".security-events", prefix + ".security-events.DLT", prefix + ".dashboard-users");
        publish(prefix + ".security-events");

        try (ConfigurableApplicationContext first = start(database, prefix, "first")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> counter(first, "ingest.events.stored") == EVENTS);
        }
        try (ConfigurableApplicationContext second = start(database, prefix, "second")) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> counter(second, "ingest.events.duplicates_skipped") == EVENTS);
            assertThat(counter(second, "ingest.events.stored")).isZero();
        }
        try (Connection connection = DriverManager.getConnection(
                        INFRASTRUCTURE.postgres().jdbcUrl(database),
                        INFRASTRUCTURE.postgres().username(),
                        INFRASTRUCTURE.postgres().password());
                ResultSet rows =
                        connection.createStatement().executeQuery("SELECT count(*) FROM ingest.security_events")) {
            rows.next();
            assertThat(rows.getLong(1)).isEqualTo(EVENTS);
        }
    }

    private static ConfigurableApplicationContext start(String database, String prefix, String group) {
        Map<String, String> env = new HashMap<>(ServiceEnvironment.variables(INFRASTRUCTURE, database, prefix));
        env.put("spring.kafka.consumer.group-id", prefix + "-" + group);
        env.put("INGEST_PORT", "0");
        return IngestApplication.builder()
                .run(env.entrySet().stream()
                        .map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new));
    }

    private static double counter(ConfigurableApplicationContext context, String name) {
        var counter = context.getBean(MeterRegistry.class).find(name).counter();
        return counter == null ? 0 : counter.count();
    }

    private static void publish(String topic) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        INFRASTRUCTURE.kafka().bootstrapServers()),
                new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < EVENTS; i++) {
                String company = "company-" + (i % 5);
                producer.send(new ProducerRecord<>(
                        topic,
                        company,
                        "{\"eventId\":\"e-" + i + "\",\"companyId\":\"" + company
                                + "\",\"occurredAt\":\"2026-11-01T08:00:00Z\",\"eventName\":\"Signed In\","
                                + "\"actor\":{\"developerId\":\"d-1\",\"email\":\"a@b.io\"}}"));
            }
        }
    }
}

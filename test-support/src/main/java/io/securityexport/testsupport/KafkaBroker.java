package io.securityexport.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** A running Kafka cluster (a single KRaft broker in both backends). */
public interface KafkaBroker {

    String bootstrapServers();

    /**
     * Creates the topics with {@code partitions} partitions each and waits until every partition has a
     * leader; topics that already exist are left as they are.
     */
    void createTopics(int partitions, String... names);

    /** Publishes the values under one key, in order (so to one partition), as a producer would; waits for the acks. */
    default void publish(String topic, String key, List<byte[]> values) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            values.forEach(value -> producer.send(new ProducerRecord<>(topic, key, value)));
        }
    }

    /** {@link #publish} of UTF-8 text values; a {@code null} value is a tombstone. */
    default void publishText(String topic, String key, List<String> values) {
        publish(topic, key, values.stream()
                .map(value -> value == null ? null : value.getBytes(StandardCharsets.UTF_8))
                .toList());
    }
}

package io.securityexport.testsupport;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
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
                new StringSerializer(),
                new ByteArraySerializer())) {
            values.forEach(value -> producer.send(new ProducerRecord<>(topic, key, value)));
        }
    }

    /**
     * Everything on {@code topic} up to its end offsets as of the call, read without a consumer group: a test that
     * counts what was published sees a duplicate too, which reading until "enough" records arrived would miss.
     */
    default List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers(),
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        "false"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return partitions.stream().allMatch(partition -> consumer.position(partition) >= end.get(partition));
            });
            return records;
        }
    }

    /** {@link #publish} of UTF-8 text values; a {@code null} value is a tombstone. */
    default void publishText(String topic, String key, List<String> values) {
        publish(
                topic,
                key,
                values.stream()
                        .map(value -> value == null ? null : value.getBytes(StandardCharsets.UTF_8))
                        .toList());
    }
}

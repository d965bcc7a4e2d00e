package io.securityexport.testsupport;

import static org.awaitility.Awaitility.await;

import io.securityexport.common.kafka.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a dead-letter topic as its consumers would: every record with the headers that say why it is there. */
public final class DeadLetterTopic {

    /** A dead-lettered record: its key and unchanged value, the reason code and the sentence. */
    public record DeadLetter(String key, byte[] value, String reason, String detail) {
    }

    private DeadLetterTopic() {
    }

    /** Everything in {@code topic} right now, read from the start up to its end offsets. */
    public static List<DeadLetter> readAll(String bootstrapServers, String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<DeadLetter> read = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    read.add(new DeadLetter(record.key(), record.value(), header(record, DeadLetterHeaders.REASON),
                            header(record, DeadLetterHeaders.DETAIL)));
                }
                return partitions.stream().allMatch(partition -> consumer.position(partition) >= end.get(partition));
            });
            return read;
        }
    }

    /** The dead letters under one record key (a company), once there are at least {@code expected} of them. */
    public static List<DeadLetter> awaitKeyed(String bootstrapServers, String topic, String key, int expected) {
        return await().atMost(Duration.ofSeconds(60)).until(
                () -> readAll(bootstrapServers, topic).stream().filter(letter -> key.equals(letter.key())).toList(),
                letters -> letters.size() >= expected);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

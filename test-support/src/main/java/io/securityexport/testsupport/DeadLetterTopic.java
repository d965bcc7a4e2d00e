package io.securityexport.testsupport;

import static org.awaitility.Awaitility.await;

import io.securityexport.common.kafka.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Reads a dead-letter topic as its consumers would: every record with the headers that say why it is there. */
public final class DeadLetterTopic {

    /** A dead-lettered record: its key and unchanged value, the reason code and the sentence. */
    public record DeadLetter(String key, byte[] value, String reason, String detail) {}

    private DeadLetterTopic() {}

    /** Everything in {@code topic} right now, read from the start up to its end offsets. */
    public static List<DeadLetter> readAll(KafkaBroker kafka, String topic) {
        return kafka.readAll(topic).stream()
                .map(record -> new DeadLetter(
                        record.key(),
                        record.value(),
                        header(record, DeadLetterHeaders.REASON),
                        header(record, DeadLetterHeaders.DETAIL)))
                .toList();
    }

    /** The dead letters under one record key (a company), once there are at least {@code expected} of them. */
    public static List<DeadLetter> awaitKeyed(KafkaBroker kafka, String topic, String key, int expected) {
        return await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> readAll(kafka, topic).stream()
                                .filter(letter -> key.equals(letter.key()))
                                .toList(),
                        letters -> letters.size() >= expected);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

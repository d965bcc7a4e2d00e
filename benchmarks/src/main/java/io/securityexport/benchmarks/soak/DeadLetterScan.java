package io.securityexport.benchmarks.soak;

import io.securityexport.benchmarks.soak.FailureLines.Kind;
import io.securityexport.benchmarks.soak.SoakLedger.SentEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the dead-letter topic from its beginning to the end offsets it had when the scan began, without a consumer
 * group (nothing is committed, the services' groups are untouched), and matches its records with the malformed
 * records the soak sent.
 */
final class DeadLetterScan {

    private static final Pattern MALFORMED_ID =
            Pattern.compile("soak-m-[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Duration POLL = Duration.ofMillis(500);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Set<String> malformed;
    private final Map<String, SentEvent> events;
    private final FailureLines failures;
    private final Set<String> found = new HashSet<>();
    private long records;
    private long duplicates;

    DeadLetterScan(Set<String> malformed, Map<String, SentEvent> events, FailureLines failures) {
        this.malformed = malformed;
        this.events = events;
        this.failures = failures;
    }

    void scan(String bootstrapServers, String topic, Duration within) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        "false"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(partition -> new TopicPartition(topic, partition.partition()))
                    .toList();
            if (partitions.isEmpty()) {
                failures.add(Kind.DEAD_LETTERS_UNREAD, topic + " has no partitions: does it exist?");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Instant deadline = Instant.now().plus(within);
            while (!atEnd(consumer, end)) {
                if (Instant.now().isAfter(deadline)) {
                    failures.add(Kind.DEAD_LETTERS_UNREAD, topic + " not read to " + end + " within " + within);
                    break;
                }
                consumer.poll(POLL).forEach(record -> {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        record(record);
                    }
                });
            }
        }
        malformed.stream()
                .filter(id -> !found.contains(id))
                .sorted()
                .forEach(id -> failures.add(Kind.DEAD_LETTER_MISSING, id));
    }

    private static boolean atEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream()
                .allMatch(partition -> consumer.position(partition.getKey()) >= partition.getValue());
    }

    private void record(ConsumerRecord<byte[], byte[]> record) {
        records++;
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        if (record.value() == null) {
            failures.add(Kind.DEAD_LETTER_EXTRA, "a record without a value at " + where);
            return;
        }
        // a malformed record may not be JSON at all: its ID is searched in the raw bytes (one char per byte)
        Matcher ids = MALFORMED_ID.matcher(new String(record.value(), StandardCharsets.ISO_8859_1));
        boolean named = false;
        while (ids.find()) {
            named = true;
            String id = ids.group();
            if (!malformed.contains(id)) {
                failures.add(Kind.DEAD_LETTER_EXTRA, id + ", never sent, at " + where);
            } else if (!found.add(id)) {
                // not a failure: a worker that crashed after dead-lettering a record and before committing its
                // offset reads the record again after the restart and dead-letters it a second time
                duplicates++;
            }
        }
        if (!named) {
            String eventId = validEventId(record.value());
            failures.add(
                    Kind.DEAD_LETTER_EXTRA,
                    eventId != null
                            ? "valid event " + eventId + " at " + where
                            : "a record naming no soak ID at " + where);
        }
    }

    /** The sent valid event a record is, by its eventId or its properties' soakId; null if it is none. */
    private String validEventId(byte[] value) {
        try {
            JsonNode event = JSON.readTree(value);
            for (JsonNode id :
                    List.of(event.path("eventId"), event.path("properties").path("soakId"))) {
                if (id.isString() && events.containsKey(id.stringValue())) {
                    return id.stringValue();
                }
            }
            return null;
        } catch (JacksonException e) {
            return null;
        }
    }

    long records() {
        return records;
    }

    long malformedFound() {
        return found.size();
    }

    /** Records of a malformed ID seen before: redeliveries, counted, not failures. */
    long duplicates() {
        return duplicates;
    }
}

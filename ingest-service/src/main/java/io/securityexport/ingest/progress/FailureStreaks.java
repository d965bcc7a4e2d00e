package io.securityexport.ingest.progress;

import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.stereotype.Component;

/**
 * Remembers, per partition, the batch that keeps failing: since when, how many attempts, the kind of the last error.
 * The ingest error handler reports failures here (it takes every {@link RetryListener} bean). Spring Kafka does not
 * tell retry listeners when a retry succeeds, so a streak ends when the group's committed offset passes the failing
 * batch ({@link #settle}), or when the batch is recovered (dead-lettered).
 *
 * <p>Called from the consumer threads and the sampling thread at once, hence the concurrent map.
 */
@Component
class FailureStreaks implements RetryListener {

    private final Clock clock;
    private final Map<TopicPartition, FailureStreak> streaks = new ConcurrentHashMap<>();

    FailureStreaks(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void failedDelivery(ConsumerRecords<?, ?> records, Exception error, int attempt) {
        ErrorKind kind = ErrorKind.of(error);
        for (TopicPartition partition : records.partitions()) {
            failed(partition, records.records(partition).get(0).offset(), kind, attempt);
        }
    }

    @Override
    public void failedDelivery(ConsumerRecord<?, ?> record, Exception error, int attempt) {
        failed(partitionOf(record), record.offset(), ErrorKind.of(error), attempt);
    }

    @Override
    public void recovered(ConsumerRecords<?, ?> records, Exception error) {
        records.partitions().forEach(streaks::remove);
    }

    @Override
    public void recovered(ConsumerRecord<?, ?> record, Exception error) {
        streaks.remove(partitionOf(record));
    }

    /** Ends the streaks whose failing batch the group has committed past. */
    void settle(Collection<PartitionOffsets> offsets) {
        for (PartitionOffsets partition : offsets) {
            streaks.computeIfPresent(
                    partition.partition(),
                    (ignored, streak) -> partition.committed() > streak.firstOffset() ? null : streak);
        }
    }

    Optional<FailureStreak> of(TopicPartition partition) {
        return Optional.ofNullable(streaks.get(partition));
    }

    private void failed(TopicPartition partition, long firstOffset, ErrorKind kind, int attempt) {
        FailureStreak first = new FailureStreak(firstOffset, clock.instant(), attempt, kind);
        streaks.merge(
                partition,
                first,
                (earlier, latest) -> earlier.firstOffset() == firstOffset
                        ? new FailureStreak(firstOffset, earlier.since(), attempt, kind)
                        : latest);
    }

    private static TopicPartition partitionOf(ConsumerRecord<?, ?> record) {
        return new TopicPartition(record.topic(), record.partition());
    }
}

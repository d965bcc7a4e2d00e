package io.securityexport.ingest.progress;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.R2dbcTransientResourceException;
import io.securityexport.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

/** The failing-batch streaks the error handler reports, without Kafka or Spring. */
class FailureStreaksTest {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    private static final TopicPartition P0 = new TopicPartition("security-events", 0);

    private final MutableClock clock = new MutableClock(T0);
    private final FailureStreaks streaks = new FailureStreaks(clock);

    @Test
    void aBatchFailingAgainKeepsItsFirstFailureTimeAndCountsAttempts() {
        streaks.failedDelivery(batch(P0, 10, 11, 12), databaseError("40001", "irrelevant"), 1);
        clock.advance(Duration.ofSeconds(30));
        streaks.failedDelivery(batch(P0, 10, 11, 12), databaseError("40001", "irrelevant"), 2);

        assertThat(streaks.of(P0)).hasValueSatisfying(streak -> {
            assertThat(streak.since()).isEqualTo(T0);
            assertThat(streak.attempts()).isEqualTo(2);
            assertThat(streak.firstOffset()).isEqualTo(10);
        });
    }

    @Test
    void theLastErrorIsItsKindAndSqlStateButNeverItsMessage() {
        streaks.failedDelivery(
                batch(P0, 10), databaseError("40001", "could not store {\"email\":\"secret@company.io\"}"), 1);

        ErrorKind kind = streaks.of(P0).orElseThrow().lastError();
        assertThat(kind.exception()).isEqualTo(R2dbcTransientResourceException.class.getName());
        assertThat(kind.sqlState()).isEqualTo("40001");
        assertThat(kind.toString()).doesNotContain("secret@company.io");
    }

    @Test
    void theStreakEndsOnceTheGroupCommitsPastTheFailingBatch() {
        streaks.failedDelivery(batch(P0, 10, 11), databaseError("40001", "x"), 3);

        streaks.settle(List.of(new PartitionOffsets(P0, 10, 12)));
        assertThat(streaks.of(P0)).isPresent();
        streaks.settle(List.of(new PartitionOffsets(P0, 12, 12)));
        assertThat(streaks.of(P0)).isEmpty();
    }

    @Test
    void aRecoveredBatchEndsTheStreak() {
        ConsumerRecords<String, String> batch = batch(P0, 10);
        streaks.failedDelivery(batch, new IllegalStateException("x"), 1);

        streaks.recovered(batch, new IllegalStateException("x"));

        assertThat(streaks.of(P0)).isEmpty();
    }

    private static Exception databaseError(String sqlState, String message) {
        R2dbcTransientResourceException database = new R2dbcTransientResourceException(message, sqlState);
        return new ListenerExecutionFailedException(
                "listener failed", new TransientDataAccessResourceException("executing INSERT: " + message, database));
    }

    private static ConsumerRecords<String, String> batch(TopicPartition partition, long... offsets) {
        List<ConsumerRecord<String, String>> records = Arrays.stream(offsets)
                .mapToObj(offset ->
                        new ConsumerRecord<>(partition.topic(), partition.partition(), offset, "key", "value"))
                .toList();
        return new ConsumerRecords<>(Map.of(partition, records), Map.of());
    }
}

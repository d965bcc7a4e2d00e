package io.securityexport.export.day;

import static org.assertj.core.api.Assertions.assertThat;

import io.securityexport.common.export.ExportResult;
import io.securityexport.export.TestProperties;
import io.securityexport.export.WorkerProperties;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** Reporting a result while Kafka is unreachable: retried, and never on a thread that must not block. */
class ExportResultsTest {

    private static final ExportResult RESULT = new ExportResult(
            UUID.randomUUID(),
            "acme",
            LocalDate.parse("2026-03-01"),
            ExportResult.Status.SUCCEEDED,
            "bucket",
            "key",
            1,
            2,
            "ab12",
            Instant.EPOCH,
            Instant.EPOCH,
            null,
            null);

    @Test
    void everySendAndEveryRetryRunsOnAThreadThatMayBlockEvenWhenReportedFromAnEventLoop() {
        // KafkaTemplate.send blocks up to max.block.ms while the broker is unreachable: here it fails twice at once
        BlockingSends kafka = new BlockingSends(2);
        ExportResults results = new ExportResults(
                kafka,
                TestProperties.withResults(new WorkerProperties.Results(
                        5, Duration.ofMillis(10), Duration.ofMillis(50), 2, Duration.ofSeconds(30))));

        Mono.just(RESULT)
                .publishOn(Schedulers.parallel()) // the export's result arrives on a non-blocking thread
                .flatMap(results::report)
                .as(StepVerifier::create)
                .verifyComplete();

        assertThat(kafka.threads).hasSize(3);
        assertThat(kafka.threads)
                .as("threads that called KafkaTemplate.send")
                .allSatisfy(thread -> assertThat(thread).doesNotStartWith("non-blocking"));
    }

    @Test
    void aResultThatCannotBeSentAfterTheRetriesFailsTheReport() {
        BlockingSends kafka = new BlockingSends(Integer.MAX_VALUE);
        ExportResults results = new ExportResults(
                kafka,
                TestProperties.withResults(new WorkerProperties.Results(
                        2, Duration.ofMillis(1), Duration.ofMillis(5), 2, Duration.ofSeconds(30))));

        results.report(RESULT)
                .as(StepVerifier::create)
                .verifyErrorSatisfies(error -> assertThat(error).hasRootCauseInstanceOf(TimeoutException.class));
        assertThat(kafka.threads).hasSize(3);
    }

    /** Records the thread of every send: "non-blocking …" when Reactor counts it as one, its name otherwise. */
    private static final class BlockingSends extends KafkaTemplate<String, byte[]> {

        final List<String> threads = new CopyOnWriteArrayList<>();
        private final AtomicInteger failuresLeft;

        BlockingSends(int failures) {
            super(new DefaultKafkaProducerFactory<>(Map.of()));
            this.failuresLeft = new AtomicInteger(failures);
        }

        @Override
        public CompletableFuture<SendResult<String, byte[]>> send(ProducerRecord<String, byte[]> record) {
            Thread current = Thread.currentThread();
            threads.add((Schedulers.isInNonBlockingThread() ? "non-blocking " : "") + current.getName());
            if (failuresLeft.getAndDecrement() > 0) {
                return CompletableFuture.failedFuture(
                        new TimeoutException("Topic not present in metadata after 60000 ms."));
            }
            return CompletableFuture.completedFuture(new SendResult<>(record, null));
        }
    }
}

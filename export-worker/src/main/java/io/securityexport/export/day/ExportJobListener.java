package io.securityexport.export.job;

import io.securityexport.common.export.ExportJob;
import io.securityexport.common.export.ExportMessages;
import io.securityexport.common.export.ExportResult;
import io.securityexport.export.WorkerProperties;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Takes export jobs from the job topic (one consumer group for all workers) and reports each result.
 * <p>
 * The listener answers at once with the running export; Spring Kafka acknowledges the job when the result has been
 * reported (async acks, offsets committed in order). Until then that consumer takes no further job but keeps
 * polling, so a job may run far longer than {@code max.poll.interval.ms} without the worker leaving the group and its
 * job being handed to another. Each of the {@code concurrency} consumers runs one job at a time. An export never
 * fails (every outcome is a result); a result that cannot be reported even after retries fails the record, which the
 * worker's error handler tries again later (the day is rewritten to the same key) and finally leaves to the config
 * service's NO_RESULT sweep.
 */
@Component
class ExportJobListener {

    private static final Logger log = LoggerFactory.getLogger(ExportJobListener.class);

    private final DayExport export;
    private final KafkaTemplate<String, byte[]> kafka;
    private final WorkerProperties properties;

    ExportJobListener(DayExport export, KafkaTemplate<String, byte[]> kafka, WorkerProperties properties) {
        this.export = export;
        this.kafka = kafka;
        this.properties = properties;
    }

    @KafkaListener(id = "export-jobs", idIsGroup = false,
            topics = "${security-export.worker.topics.export-jobs:security-export-jobs}",
            concurrency = "${security-export.worker.concurrency:2}")
    Mono<Void> onJob(ConsumerRecord<String, byte[]> record) {
        ExportJob job;
        try {
            job = ExportMessages.job(record.value());
        } catch (RuntimeException unreadable) {
            // only the config service writes this topic: no retry can make such a record readable
            log.error("skipping an unreadable export job at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), unreadable.getMessage());
            return Mono.empty();
        }
        return export.run(job)
                // the send may block while Kafka is unreachable: never on a database or HTTP event loop
                .publishOn(Schedulers.boundedElastic())
                .flatMap(this::report)
                .then();
    }

    /** Sent again with back-off while Kafka is unreachable; the export itself is not repeated for that. */
    private Mono<SendResult<String, byte[]>> report(ExportResult result) {
        return Mono.fromFuture(() -> kafka.send(new ProducerRecord<>(
                        properties.topics().exportResults(), result.companyId(), ExportMessages.toJson(result))))
                .retryWhen(Retry.backoff(5, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30))
                        .doBeforeRetry(retry -> log.warn("could not report the result of jobId={}: {}; retrying",
                                result.jobId(), retry.failure().getMessage())));
    }
}

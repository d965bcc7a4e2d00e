package io.securityexport.export.day;

import io.securityexport.common.export.ExportMessages;
import io.securityexport.common.export.ExportResult;
import io.securityexport.export.WorkerProperties;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Sends each export's result to the result topic, again with back-off while Kafka is unreachable; the export itself is
 * not repeated for that.
 * <p>
 * {@link KafkaTemplate#send} blocks for up to {@code max.block.ms} while it has no metadata for the topic (Kafka
 * unreachable): every send, the first and each retry, runs on the bounded-elastic scheduler, never on a database or
 * HTTP event loop nor on Reactor's parallel scheduler, where {@code Retry.backoff} would fire its retries by default.
 */
@Component
class ExportResults {

    private static final Logger log = LoggerFactory.getLogger(ExportResults.class);

    private final KafkaTemplate<String, byte[]> kafka;
    private final WorkerProperties.Results settings;
    private final String topic;
    private final Scheduler blocking = Schedulers.boundedElastic();

    ExportResults(KafkaTemplate<String, byte[]> kafka, WorkerProperties properties) {
        this.kafka = kafka;
        this.settings = properties.results();
        this.topic = properties.topics().exportResults();
    }

    Mono<Void> report(ExportResult result) {
        return Mono.fromFuture(() -> kafka.send(record(result)))
                .subscribeOn(blocking)
                .retryWhen(Retry.backoff(settings.sendRetries(), settings.sendFirstBackoff())
                        .maxBackoff(settings.sendMaxBackoff())
                        .scheduler(blocking)
                        .doBeforeRetry(retry -> log.warn(
                                "could not report the result of jobId={}: {}; retrying",
                                result.jobId(),
                                retry.failure().getMessage())))
                .then();
    }

    private ProducerRecord<String, byte[]> record(ExportResult result) {
        return new ProducerRecord<>(topic, result.companyId(), ExportMessages.toJson(result));
    }
}

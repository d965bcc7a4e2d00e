package io.securityexport.export.job;

import io.securityexport.common.export.ExportMessages;
import io.securityexport.export.WorkerProperties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Takes export jobs from the job topic (one consumer group for all workers) and reports each result.
 * <p>
 * The listener answers at once with the running export; Spring Kafka acknowledges the job when the result has been
 * reported (async acks, offsets committed in order). Until then that consumer takes no further job but keeps
 * polling, so a job may run far longer than {@code max.poll.interval.ms} without the worker leaving the group and its
 * job being handed to another. Each of the {@code concurrency} consumers runs one job at a time.
 */
@Component
class ExportJobListener {

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
        return Mono.fromCallable(() -> ExportMessages.job(record.value()))
                .flatMap(export::run)
                .flatMap(result -> Mono.fromFuture(() -> kafka.send(new ProducerRecord<>(
                        properties.topics().exportResults(), result.companyId(), ExportMessages.toJson(result)))))
                .then();
    }
}

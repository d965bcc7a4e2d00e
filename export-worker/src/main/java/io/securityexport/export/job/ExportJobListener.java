package io.securityexport.export.job;

import io.securityexport.common.export.ExportJob;
import io.securityexport.common.export.ExportMessages;
import io.securityexport.export.WorkerProperties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Takes export jobs from the job topic (one consumer group for all workers) and reports each result. */
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

    /**
     * Waits for the export and its reported result before the offset is committed, bounded by {@code jobTimeout},
     * which stays below max.poll.interval.ms so a long job does not get this worker expelled from the group.
     */
    @KafkaListener(id = "export-jobs", idIsGroup = false, topics = "${security-export.worker.topics.export-jobs:security-export-jobs}")
    void onJob(ConsumerRecord<String, byte[]> record) {
        ExportJob job = ExportMessages.job(record.value());
        export.run(job)
                .flatMap(result -> Mono.fromFuture(() -> kafka.send(new ProducerRecord<>(
                        properties.topics().exportResults(), result.companyId(), ExportMessages.toJson(result)))))
                .block(properties.jobTimeout());
    }
}

package io.securityexport.config.runs;

import io.securityexport.common.export.ExportMessages;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Feeds workers' results into the run history. */
@Component
class ExportResultListener {

    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final ExportRuns runs;

    ExportResultListener(ExportRuns runs) {
        this.runs = runs;
    }

    /** Waits for the row so the offset is committed only once the result is recorded. */
    @KafkaListener(id = "export-results", idIsGroup = false, topics = "${security-export.config.topics.export-results:security-export-results}")
    void onResult(ConsumerRecord<String, byte[]> record) {
        runs.record(ExportMessages.result(record.value())).block(WRITE_TIMEOUT);
    }
}

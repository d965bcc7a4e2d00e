package io.securityexport.ingest.events;

import io.securityexport.ingest.IngestProperties;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Receives polled batches of {@code security-events}; the failure policy lives in {@code KafkaErrorHandling}. */
@Component
class SecurityEventListener {

    private final EventIngestion ingestion;
    private final IngestProperties properties;

    SecurityEventListener(EventIngestion ingestion, IngestProperties properties) {
        this.ingestion = ingestion;
        this.properties = properties;
    }

    /**
     * Waits for the batch to be durable before returning, on purpose: returning is what lets the container commit
     * the offsets, so the offset never runs ahead of the rows. The wait is bounded by {@code batchTimeout}; a
     * batch that cannot finish in time fails and is redelivered (stored once thanks to the dedup).
     */
    @KafkaListener(
            id = "security-events-ingest",
            idIsGroup = false,
            topics = "${security-export.ingest.topics.events:security-events}",
            batch = "true")
    void onBatch(List<ConsumerRecord<String, byte[]>> records) {
        ingestion.ingest(records).block(properties.batchTimeout());
    }
}

package io.securityexport.config.runs;

import io.securityexport.common.export.ExportMessages;
import io.securityexport.config.ConfigProperties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Feeds workers' results into the run history. */
@Component
class ExportResultListener {

    private final ExportRuns runs;
    private final ConfigProperties properties;

    ExportResultListener(ExportRuns runs, ConfigProperties properties) {
        this.runs = runs;
        this.properties = properties;
    }

    /** The topic as bound in ConfigProperties ({@code __listener} is this bean), so its default is stated once. */
    public String topic() {
        return properties.topics().exportResults();
    }

    /**
     * Waits for the row so the offset is committed only once the result is recorded. Blocking is right here: this
     * is the listener container's own thread, not an event loop.
     */
    @KafkaListener(id = "export-results", idIsGroup = false, topics = "#{__listener.topic()}")
    void onResult(ConsumerRecord<String, byte[]> record) {
        runs.record(ExportMessages.result(record.value()))
                .block(properties.runs().resultWriteTimeout());
    }
}

package io.securityexport.ingest.directory;

import io.securityexport.ingest.IngestProperties;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Follows the compacted {@code dashboard-users} topic into the directory table that fills CurrentEmail. */
@Component
class DashboardUserListener {

    private final DashboardUsers users;
    private final IngestProperties properties;

    DashboardUserListener(DashboardUsers users, IngestProperties properties) {
        this.users = users;
        this.properties = properties;
    }

    /** Waits for the upserts for the same reason as the event listener: offsets must not run ahead of rows. */
    @KafkaListener(
            id = "dashboard-users-directory",
            idIsGroup = false,
            groupId = "${spring.kafka.consumer.group-id:security-export-ingest}-directory",
            topics = "${security-export.ingest.topics.dashboard-users:dashboard-users}",
            batch = "true")
    void onBatch(List<ConsumerRecord<String, byte[]>> records) {
        users.apply(records).block(properties.batchTimeout());
    }
}

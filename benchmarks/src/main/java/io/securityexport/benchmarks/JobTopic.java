package io.securityexport.benchmarks;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;

/**
 * The job topic between two configurations of the benchmark: emptied (its log start moved to its end) so that a new
 * group, which starts at the earliest offset, sees only the jobs of its own rounds.
 */
final class JobTopic implements AutoCloseable {

    private final Admin admin;
    private final String topic;

    JobTopic(String bootstrapServers, String topic) {
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG,
                "fanout-benchmark"));
        this.topic = topic;
    }

    void empty() throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> latest =
                admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                        .collect(Collectors.toMap(
                                info -> new TopicPartition(topic, info.partition()), info -> OffsetSpec.latest()));
        Map<TopicPartition, RecordsToDelete> toDelete = admin.listOffsets(latest).all().get().entrySet().stream()
                .collect(Collectors.toMap(
                        Map.Entry::getKey,
                        entry -> RecordsToDelete.beforeOffset(entry.getValue().offset())));
        admin.deleteRecords(toDelete).all().get();
    }

    @Override
    public void close() {
        admin.close();
    }
}

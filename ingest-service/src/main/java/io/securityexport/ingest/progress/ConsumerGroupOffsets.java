package io.securityexport.ingest.progress;

import io.securityexport.common.health.KafkaBrokerHealth;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * Reads a consumer group's committed offsets and the log-end offsets of its partitions, through one admin client
 * for the life of the service. This is the lag Kafka itself sees for the group, which keeps growing while a batch
 * fails over and over — unlike the consumer client's own lag metric, which stops at the last fetch.
 *
 * <p>Calls block their (sampling) thread, each for at most {@link #TIMEOUT}: the patience of the Kafka readiness check.
 */
@Component
class ConsumerGroupOffsets {

    static final Duration TIMEOUT = KafkaBrokerHealth.TIMEOUT;

    private final Admin admin;

    ConsumerGroupOffsets(KafkaAdmin kafkaAdmin) {
        this.admin = Admin.create(kafkaAdmin.getConfigurationProperties());
    }

    /**
     * The offsets of every partition of {@code topics}, and of any other partition the group has committed on if
     * {@code topics} is empty (a listener on a pattern).
     */
    List<PartitionOffsets> read(String group, Collection<String> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, Long> committed = committed(group, topics);
        Set<TopicPartition> partitions = new HashSet<>(committed.keySet());
        partitions.addAll(partitionsOf(topics));
        Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
        Set<TopicPartition> neverCommitted = new HashSet<>(partitions);
        neverCommitted.removeAll(committed.keySet());
        Map<TopicPartition, Long> starts = offsets(neverCommitted, OffsetSpec.earliest());
        List<PartitionOffsets> offsets = new ArrayList<>(partitions.size());
        for (TopicPartition partition : partitions) {
            long from = committed.containsKey(partition) ? committed.get(partition) : starts.get(partition);
            offsets.add(new PartitionOffsets(partition, from, ends.get(partition)));
        }
        return offsets;
    }

    private Map<TopicPartition, Long> committed(String group, Collection<String> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        ListConsumerGroupOffsetsOptions options = new ListConsumerGroupOffsetsOptions().timeoutMs(timeoutMs());
        Map<TopicPartition, OffsetAndMetadata> offsets =
                await(admin.listConsumerGroupOffsets(group, options).partitionsToOffsetAndMetadata());
        Map<TopicPartition, Long> committed = new HashMap<>();
        offsets.forEach((partition, offset) -> {
            // a group may hold offsets of topics this listener no longer reads; a null offset means none committed
            if (offset != null && (topics.isEmpty() || topics.contains(partition.topic()))) {
                committed.put(partition, offset.offset());
            }
        });
        return committed;
    }

    private Set<TopicPartition> partitionsOf(Collection<String> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (topics.isEmpty()) {
            return Set.of();
        }
        DescribeTopicsOptions options = new DescribeTopicsOptions().timeoutMs(timeoutMs());
        Map<String, TopicDescription> descriptions =
                await(admin.describeTopics(topics, options).allTopicNames());
        Set<TopicPartition> partitions = new HashSet<>();
        descriptions.forEach((topic, description) -> description
                .partitions()
                .forEach(partition -> partitions.add(new TopicPartition(topic, partition.partition()))));
        return partitions;
    }

    private Map<TopicPartition, Long> offsets(Set<TopicPartition> partitions, OffsetSpec spec)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(partition -> request.put(partition, spec));
        Map<TopicPartition, ListOffsetsResultInfo> answers =
                await(admin.listOffsets(request, new ListOffsetsOptions().timeoutMs(timeoutMs()))
                        .all());
        Map<TopicPartition, Long> offsets = new HashMap<>();
        answers.forEach((partition, answer) -> offsets.put(partition, answer.offset()));
        return offsets;
    }

    /** The client's own timeout should fire first; this one is the backstop that keeps the thread from hanging. */
    private static <T> T await(KafkaFuture<T> future)
            throws InterruptedException, ExecutionException, TimeoutException {
        return future.get(TIMEOUT.plusSeconds(1).toMillis(), TimeUnit.MILLISECONDS);
    }

    private static int timeoutMs() {
        return (int) TIMEOUT.toMillis();
    }

    @PreDestroy
    void close() {
        admin.close(Duration.ofSeconds(1));
    }
}

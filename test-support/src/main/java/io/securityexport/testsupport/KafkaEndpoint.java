package io.securityexport.testsupport;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.awaitility.Awaitility;

/** Bootstrap address of a running Kafka cluster, whichever backend started it. */
record KafkaEndpoint(String bootstrapServers) implements KafkaBroker {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final short REPLICATION_FACTOR = 1; // both backends run a single broker

    @Override
    public void createTopics(int partitions, String... names) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1: " + partitions);
        }
        List<NewTopic> topics = Arrays.stream(names)
                .map(name -> new NewTopic(name, partitions, REPLICATION_FACTOR))
                .toList();
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG,
                "test-support-admin"))) {
            admin.createTopics(topics).values().forEach(KafkaEndpoint::awaitCreatedOrExisting);
            // CreateTopics answers once the controller has the topic; producers need partition leaders.
            Awaitility.await("leaders for " + Arrays.toString(names))
                    .atMost(TIMEOUT)
                    .pollInterval(Duration.ofMillis(50))
                    .ignoreExceptions()
                    .until(() -> allPartitionsLed(admin, List.of(names)));
        }
    }

    private static void awaitCreatedOrExisting(String topic, KafkaFuture<Void> creation) {
        try {
            creation.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create topic " + topic, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + topic, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out creating topic " + topic, e);
        }
    }

    private static boolean allPartitionsLed(Admin admin, List<String> names) throws Exception {
        Map<String, TopicDescription> descriptions =
                admin.describeTopics(names).allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return descriptions.values().stream()
                .flatMap(description -> description.partitions().stream())
                .allMatch(partition ->
                        partition.leader() != null && !partition.leader().isEmpty());
    }
}

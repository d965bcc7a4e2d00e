package io.securityexport.export.day;

import io.securityexport.export.WorkerProperties;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ShareKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultShareConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.ContainerProperties;

/**
 * Share-group consumption of the job topic (KIP-932): {@code concurrency} job slots, each a share consumer holding at
 * most one job; the broker hands each job to whichever slot of any worker asks first, whatever the partition count.
 * A slot answers for its job itself ({@link JobSlotListener}): ACCEPT once the result is reported, RELEASE when the
 * worker could not run it just now. Until it answers, its consumer does not fetch: that is what makes it one slot.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(JobConsumptionMode.Share.class)
class ShareJobSlots {

    /** What a share consumer refuses (KafkaShareConsumer's list), as Boot's consumer properties may carry them. */
    private static final List<String> NOT_FOR_SHARE_CONSUMERS = List.of(
            ConsumerConfig.GROUP_ID_CONFIG,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
            ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG,
            ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
            ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
            ConsumerConfig.GROUP_PROTOCOL_CONFIG,
            ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG);

    /**
     * The slots' container factory; building it first checks the broker and sets the share group up
     * ({@link ShareGroupBroker}), so a broker without share groups fails the start before any slot polls.
     */
    @Bean
    ShareKafkaListenerContainerFactory<String, byte[]> jobSlots(
            KafkaProperties kafka, KafkaAdmin admin, WorkerProperties properties, JobAnswers answers) {
        ShareGroupBroker.prepare(admin.getConfigurationProperties(), properties.share());
        ShareKafkaListenerContainerFactory<String, byte[]> factory =
                new ShareKafkaListenerContainerFactory<>(new DefaultShareConsumerFactory<>(
                        consumerConfig(kafka, properties),
                        new StringDeserializer(),
                        new ByteArrayDeserializer(),
                        true));
        factory.setConcurrency(properties.concurrency());
        ContainerProperties container = factory.getContainerProperties();
        container.setShareAckMode(ContainerProperties.ShareAckMode.MANUAL);
        // the container warns about a job without an answer after this long; the broker takes it back then anyway
        container.setShareAcknowledgmentTimeout(properties.share().recordLockDuration());
        // the broker's reply to each answer: a refused one (the job's lock had expired) is logged with its job
        container.setAcknowledgementCommitCallback(answers);
        return factory;
    }

    private static Map<String, Object> consumerConfig(KafkaProperties kafka, WorkerProperties properties) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        NOT_FOR_SHARE_CONSUMERS.forEach(config::remove);
        config.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
        config.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
        // one job per slot: with record_limit the broker acquires no more than that for this consumer, so a job is
        // never held by a busy slot while another slot idles (batch_optimized may acquire a whole batch)
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        config.put(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit");
        // A slot does not poll while its job runs (the client refuses to poll with a job unanswered). A share consumer
        // that does not poll for max.poll.interval.ms leaves the group and its job goes elsewhere: allow the longest
        // export, which ends by the job timeout.
        config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int)
                properties.jobTimeout().plusMinutes(1).toMillis());
        return config;
    }
}

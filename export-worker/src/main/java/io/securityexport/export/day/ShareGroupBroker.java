package io.securityexport.export.day;

import io.securityexport.export.WorkerProperties;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the worker asks of the broker before its job slots start: that it serves share groups at all (the finalized
 * feature {@code share.version} at level 1 or more, KIP-932), and the share group's own settings. A broker without
 * share groups fails the start with a sentence saying what to do instead of leaving the slots polling in vain.
 * <p>
 * The group's settings are set here, idempotently, at every start: {@code share.auto.offset.reset=earliest} (a new
 * share group otherwise starts at the topic's end, and jobs published before the first worker ran would never be
 * exported) and {@code share.record.lock.duration.ms} (how long a slot keeps a job without answering).
 */
final class ShareGroupBroker {

    static final String SHARE_FEATURE = "share.version";
    private static final Logger log = LoggerFactory.getLogger(ShareGroupBroker.class);
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(30);

    private ShareGroupBroker() {}

    /** @throws ShareGroupsUnsupported when the broker has no share groups or refuses the group's settings */
    static void prepare(Map<String, Object> adminConfig, WorkerProperties.Share share) {
        String bootstrap = String.valueOf(adminConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
        try (Admin admin = Admin.create(adminConfig)) {
            requireShareGroups(admin, bootstrap);
            configure(admin, share, bootstrap);
        }
    }

    private static void requireShareGroups(Admin admin, String bootstrap) {
        FinalizedVersionRange feature = await(
                        admin.describeFeatures().featureMetadata(), bootstrap, "describing its features")
                .finalizedFeatures()
                .get(SHARE_FEATURE);
        if (feature == null || feature.maxVersionLevel() < 1) {
            throw new ShareGroupsUnsupported(
                    bootstrap,
                    "its feature " + SHARE_FEATURE + " is "
                            + (feature == null ? "not enabled" : "at level " + feature.maxVersionLevel()));
        }
    }

    private static void configure(Admin admin, WorkerProperties.Share share, String bootstrap) {
        ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, share.groupId());
        List<AlterConfigOp> settings = List.of(
                set("share.auto.offset.reset", "earliest"),
                set(
                        "share.record.lock.duration.ms",
                        Long.toString(share.recordLockDuration().toMillis())));
        await(
                admin.incrementalAlterConfigs(Map.of(group, settings)).all(),
                bootstrap,
                "setting the share group " + share.groupId() + "'s share.auto.offset.reset=earliest and"
                        + " share.record.lock.duration.ms="
                        + share.recordLockDuration().toMillis()
                        + " (at most the broker's group.share.max.record.lock.duration.ms)");
        log.info(
                "share group {}: jobs from the topic's start, each held {} by its slot",
                share.groupId(),
                share.recordLockDuration());
    }

    private static AlterConfigOp set(String name, String value) {
        return new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET);
    }

    private static <T> T await(org.apache.kafka.common.KafkaFuture<T> answer, String bootstrap, String doing) {
        try {
            return answer.get(ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException refused) {
            throw new IllegalStateException(
                    "the Kafka broker at " + bootstrap + " refused " + doing + ": " + refused.getCause(), refused);
        } catch (TimeoutException silent) {
            throw new IllegalStateException(
                    "the Kafka broker at " + bootstrap + " did not answer within " + ANSWER_WITHIN + " when " + doing,
                    silent);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + doing, interrupted);
        }
    }
}

package io.securityexport.export.day;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securityexport.export.WorkerProperties;
import io.securityexport.testsupport.Infrastructure;
import io.securityexport.testsupport.TestResources;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The worker's start in share consumption against real brokers: the project's broker (share groups on, as
 * test-support, the local stack and compose run it) gets the share group set up; a broker with share groups off fails
 * the start with a sentence saying what to do.
 */
class ShareGroupBrokerIntegrationTest {

    @Test
    void onTheProjectsBrokerTheShareGroupReadsJobsFromTheStartAndHoldsThemForTheLockDuration() throws Exception {
        String bootstrap = Infrastructure.shared().kafka().bootstrapServers();
        WorkerProperties.Share share = new WorkerProperties.Share(
                TestResources.uniqueName("slots"), 5, Duration.ofMinutes(20), Duration.ofSeconds(2));

        ShareGroupBroker.prepare(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), share);

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, share.groupId());
            Config config = admin.describeConfigs(java.util.List.of(group))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .get(group);
            assertThat(config.get("share.auto.offset.reset").value()).isEqualTo("earliest");
            assertThat(config.get("share.record.lock.duration.ms").value()).isEqualTo("1200000");
        }
    }

    @Test
    void aBrokerWithoutShareGroupsFailsTheStartSayingWhatToDo() throws Exception {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.afterPropertiesSet();
        try {
            String bootstrap = broker.getBrokersAsString();
            // a new 4.2 cluster has share groups; an operator turns them off by downgrading the feature to 0
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                admin.updateFeatures(
                                Map.of(
                                        ShareGroupBroker.SHARE_FEATURE,
                                        new FeatureUpdate((short) 0, FeatureUpdate.UpgradeType.SAFE_DOWNGRADE)),
                                new UpdateFeaturesOptions())
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
            assertThatThrownBy(() -> ShareGroupBroker.prepare(
                            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                            new WorkerProperties.Share("slots", 5, Duration.ofMinutes(20), Duration.ofSeconds(2))))
                    .isInstanceOf(ShareGroupsUnsupported.class)
                    .hasMessage("the Kafka broker at " + bootstrap
                            + " does not support share groups (KIP-932, Kafka 4.2+): its feature share.version is not"
                            + " enabled; upgrade it or set WORKER_JOB_CONSUMPTION=group");
        } finally {
            broker.destroy();
        }
    }
}

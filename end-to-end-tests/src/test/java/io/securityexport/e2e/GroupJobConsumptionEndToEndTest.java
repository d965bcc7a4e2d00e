package io.securityexport.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.securityexport.localstack.RunningServices;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The fallback job consumption ({@code WORKER_JOB_CONSUMPTION=group}, for a broker without share groups and for the
 * benchmark's comparison): the worker takes its jobs as the consumer group, exports the day and commits the job.
 */
class GroupJobConsumptionEndToEndTest {

    @RegisterExtension
    static final EndToEndSystem E2E = EndToEndSystem.named("group-jobs")
            .with(() ->
                    RunningServices.Options.defaults().withWorkerProperties(Map.of("WORKER_JOB_CONSUMPTION", "group")));

    @Test
    void aWorkerInTheConsumerGroupExportsTheDayAndCommitsTheJob() throws Exception {
        String company = "group-co";
        E2E.system()
                .saveAccessKeySettings(
                        company,
                        E2E.bucket(),
                        E2E.customerKey().accessKeyId(),
                        E2E.customerKey().secretAccessKey(),
                        false);

        JsonNode run = E2E.system().exportAndAwait(company, LocalDate.now(ZoneOffset.UTC));

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(E2E.infrastructure().s3().listKeys(E2E.bucket()))
                .containsExactly(run.get("objectKey").asString());
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                E2E.infrastructure().kafka().bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                            E2E.system().settings.consumerGroupPrefix() + "-workers")
                    .partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            assertThat(committed.keySet())
                    .as("the consumer group committed the job")
                    .extracting(TopicPartition::topic)
                    .contains(E2E.system().topics.exportJobs());
        }
    }
}

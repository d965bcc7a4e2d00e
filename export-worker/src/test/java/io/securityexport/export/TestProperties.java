package io.securityexport.export;

import io.securityexport.aws.AwsEndpoints;
import io.securityexport.aws.AwsTuning;
import io.securityexport.common.secret.SecretKeys;
import java.time.Duration;
import java.util.Map;
import org.springframework.util.unit.DataSize;

/** {@link WorkerProperties} for tests without Spring: the record's defaults, except what a test says. */
public final class TestProperties {

    public static final WorkerProperties.Results DEFAULT_RESULTS =
            new WorkerProperties.Results(5, Duration.ofSeconds(1), Duration.ofSeconds(30), 2, Duration.ofSeconds(30));

    private TestProperties() {}

    public static WorkerProperties withResults(WorkerProperties.Results results) {
        return new WorkerProperties(
                new WorkerProperties.Topics(
                        io.securityexport.common.kafka.Topics.EXPORT_JOBS,
                        io.securityexport.common.kafka.Topics.EXPORT_RESULTS),
                new AwsEndpoints(null, null, false, null, null, null),
                AwsTuning.defaults(),
                new WorkerProperties.Upload(DataSize.ofMegabytes(8), DataSize.ofKilobytes(64), 2),
                new WorkerProperties.CopyDatabase(
                        "jdbc:postgresql://localhost/none",
                        "none",
                        null,
                        Duration.ofMinutes(10),
                        WorkerProperties.Replica.NONE),
                new SecretKeys(Map.of(), 1),
                results,
                new WorkerProperties.Clients(Duration.ofHours(3), 20_000),
                2,
                Duration.ofHours(1),
                WorkerProperties.JobConsumption.SHARE,
                new WorkerProperties.Share(
                        "security-export-worker-slots", 5, Duration.ofHours(1), Duration.ofSeconds(2)));
    }
}

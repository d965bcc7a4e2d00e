package io.securityexport.export;

import io.securityexport.common.secret.SecretKeys;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import io.securityexport.aws.AwsEndpoints;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * All settings of the export worker ({@code security-export.worker.*}).
 *
 * @param jobTimeout the longest one export may run; kept below the consumer's max.poll.interval.ms
 */
@Validated
@ConfigurationProperties("security-export.worker")
public record WorkerProperties(
        @Valid @NotNull @DefaultValue Topics topics,
        @Valid @NotNull @DefaultValue AwsEndpoints aws,
        @Valid @NotNull @DefaultValue Upload upload,
        @NotNull SecretKeys secrets,
        @NotNull @DefaultValue("4m") Duration jobTimeout) {

    public record Topics(
            @NotBlank @DefaultValue(io.securityexport.common.kafka.Topics.EXPORT_JOBS) String exportJobs,
            @NotBlank @DefaultValue(io.securityexport.common.kafka.Topics.EXPORT_RESULTS) String exportResults) {
    }

    /**
     * @param partSize size of each multipart part (S3's minimum is 5 MiB except for the last one); the worker holds
     *                 about three parts in memory per running export, whatever the file size
     */
    public record Upload(@NotNull @DefaultValue("8MB") DataSize partSize) {
    }
}

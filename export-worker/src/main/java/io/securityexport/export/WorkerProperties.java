package io.securityexport.export;

import io.securityexport.common.secret.SecretKeys;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
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
 * @param concurrency exports this worker runs at once (one Kafka consumer each, so at most the job topic's partition
 *                    count over all workers is useful); each holds about three upload parts in memory
 * @param jobTimeout  the longest one export may run before it is abandoned (its upload aborted) and reported as
 *                    failed, to be tried again later; also how long a second delivery of a day waits for the first
 */
@Validated
@ConfigurationProperties("security-export.worker")
public record WorkerProperties(
        @Valid @NotNull @DefaultValue Topics topics,
        @Valid @NotNull @DefaultValue AwsEndpoints aws,
        @Valid @NotNull @DefaultValue Upload upload,
        @Valid @NotNull CopyDatabase copyDatabase,
        @NotNull SecretKeys secrets,
        @Min(1) @DefaultValue("2") int concurrency,
        @NotNull @DefaultValue("1h") Duration jobTimeout) {

    public record Topics(
            @NotBlank @DefaultValue(io.securityexport.common.kafka.Topics.EXPORT_JOBS) String exportJobs,
            @NotBlank @DefaultValue(io.securityexport.common.kafka.Topics.EXPORT_RESULTS) String exportResults) {
    }

    /** The JDBC connection for reading days with COPY; the same database the r2dbc connection reaches. */
    public record CopyDatabase(@NotBlank String url, @NotBlank String username, String password) {

        @Override
        public String toString() {
            return "CopyDatabase[url=" + url + ", username=" + username + "]";
        }
    }

    /**
     * @param partSize size of each multipart part (S3's minimum is 5 MiB except for the last one); the worker holds
     *                 about three parts in memory per running export, whatever the file size
     */
    public record Upload(@NotNull @DefaultValue("8MB") DataSize partSize) {
    }
}

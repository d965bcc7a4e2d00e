package io.securityexport.export;

import io.securityexport.aws.AwsEndpoints;
import io.securityexport.aws.AwsTuning;
import io.securityexport.common.secret.SecretKeys;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * All settings of the export worker ({@code security-export.worker.*}), each default here and nowhere else:
 * {@code export-worker.yml} only maps the deployment's environment variables onto them.
 *
 * @param topics      the job and result topics
 * @param aws         where AWS is (empty for AWS itself)
 * @param awsTuning   how the SDK is used: session length and renewal, retries, timeouts, threads (defaults in
 *                    {@link AwsTuning}, shared with the config service)
 * @param upload      how a day's file is cut and written
 * @param copyDatabase the JDBC connection for the COPY reads
 * @param secrets     the keys that open customers' sealed secrets; no default on purpose
 * @param results     how a result is reported, and how often a job whose result could not be reported is run again
 * @param clients     how long companies' S3 clients are kept
 * @param concurrency exports this worker runs at once (one Kafka consumer each, so at most the job topic's partition
 *                    count over all workers is useful); each holds at most {@code upload.parts-in-flight} + 2
 *                    upload parts in memory; default 2
 * @param jobTimeout  the longest one export may run before it is abandoned (its upload aborted) and reported as
 *                    failed, to be tried again later; also how long a second delivery of a day waits for the first;
 *                    default 1 h
 */
@Validated
@ConfigurationProperties("security-export.worker")
public record WorkerProperties(
        @Valid @NotNull @DefaultValue Topics topics,
        @Valid @NotNull @DefaultValue AwsEndpoints aws,
        @NotNull @DefaultValue AwsTuning awsTuning,
        @Valid @NotNull @DefaultValue Upload upload,
        @Valid @NotNull CopyDatabase copyDatabase,
        @NotNull SecretKeys secrets,
        @Valid @NotNull @DefaultValue Results results,
        @Valid @NotNull @DefaultValue Clients clients,
        @Min(1) Integer concurrency,
        Duration jobTimeout) {

    /**
     * The deployment's variables for these two may be set empty ({@code ${WORKER_CONCURRENCY:}} in
     * {@code export-worker.yml}), which binds as null rather than as an {@code @DefaultValue}: the defaults are
     * therefore given here, once, for both an empty and a missing value.
     */
    public WorkerProperties {
        concurrency = concurrency == null ? 2 : concurrency;
        jobTimeout = jobTimeout == null ? Duration.ofHours(1) : jobTimeout;
    }

    /** The contract's names ({@link io.securityexport.common.kafka.Topics}) unless set. */
    public record Topics(
            @NotBlank @DefaultValue(io.securityexport.common.kafka.Topics.EXPORT_JOBS)
            String exportJobs,

            @NotBlank @DefaultValue(io.securityexport.common.kafka.Topics.EXPORT_RESULTS)
            String exportResults) {}

    /**
     * The JDBC connection for reading days with COPY; the same database the r2dbc connection reaches.
     *
     * @param socketTimeout a COPY that sends nothing for this long is a dead connection, not a slow day: it fails
     *                      instead of hanging until the job timeout
     */
    public record CopyDatabase(
            @NotBlank String url,
            @NotBlank String username,
            String password,
            @NotNull @DefaultValue("10m") Duration socketTimeout) {

        @Override
        public String toString() {
            return "CopyDatabase[url=" + url + ", username=" + username + "]";
        }
    }

    /**
     * @param partSize       size of each multipart part (S3's minimum is 5 MiB except for the last one)
     * @param gzipBufferSize the deflater's output buffer for a gzipped day: larger means fewer, larger writes into the
     *                       part being built
     * @param partsInFlight  parts of one export uploaded at once while the next is read from PostgreSQL; once this
     *                       many are in flight and one more is ready, reading pauses, so a running export holds at
     *                       most {@code partsInFlight + 1} cut parts and the buffer being filled, {@code
     *                       (partsInFlight + 2) × partSize}, whatever the file size; default 2 (BENCHMARKS.md,
     *                       "Parts in flight")
     */
    public record Upload(
            @NotNull @DefaultValue("8MB") DataSize partSize,
            @NotNull @DefaultValue("64KB") DataSize gzipBufferSize,

            @Min(1) @Max(MAX_PARTS_IN_FLIGHT) @DefaultValue("2")
            int partsInFlight) {

        /** More gains nothing the connection pool of the S3 client could carry, and costs a part of memory each. */
        public static final int MAX_PARTS_IN_FLIGHT = 16;
    }

    /**
     * @param sendRetries        a result send that fails (Kafka unreachable) is tried this many more times, with
     *                           exponential back-off from {@code sendFirstBackoff} up to {@code sendMaxBackoff};
     *                           the export is not repeated for that
     * @param sendFirstBackoff   the first wait before sending a result again
     * @param sendMaxBackoff     the longest wait between two sends of a result
     * @param redeliveries       a job whose result could not be reported even so is run again this many times ...
     * @param redeliveryInterval ... this long apart, then left to the config service's NO_RESULT sweep
     */
    public record Results(
            @Min(0) @DefaultValue("5") int sendRetries,
            @NotNull @DefaultValue("1s") Duration sendFirstBackoff,
            @NotNull @DefaultValue("30s") Duration sendMaxBackoff,
            @Min(0) @DefaultValue("2") int redeliveries,
            @NotNull @DefaultValue("30s") Duration redeliveryInterval) {}

    /**
     * @param idle        a company's S3 client unused this long is dropped (keep it longer than {@code jobTimeout},
     *                    so that no running export's client is dropped for idleness)
     * @param maximumSize at most this many company clients are kept (each is a few kilobytes)
     */
    public record Clients(
            @NotNull @DefaultValue("3h") Duration idle,
            @Min(1) @DefaultValue("20000") long maximumSize) {}
}

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
 * @param concurrency exports this worker runs at once: its job slots, one Kafka consumer each (in {@code group}
 *                    consumption at most the job topic's partition count over all workers is useful; in {@code share}
 *                    consumption any number is); each holds at most {@code upload.parts-in-flight} + 2 upload parts in
 *                    memory; default 2
 * @param jobTimeout  the longest one export may run before it is abandoned (its upload aborted) and reported as
 *                    failed, to be tried again later; also how long a second delivery of a day waits for the first;
 *                    default 1 h
 * @param jobConsumption how the job topic is consumed: {@code share} (a Kafka share group, KIP-932: a job goes to
 *                    whichever slot of any worker is free) or {@code group} (the consumer group: each consumer takes
 *                    whole partitions; the fallback for a broker without share groups); default share
 * @param share       the share group's settings (share consumption only)
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
        Duration jobTimeout,
        JobConsumption jobConsumption,
        @Valid @NotNull @DefaultValue Share share) {

    /**
     * The deployment's variables for these two may be set empty ({@code ${WORKER_CONCURRENCY:}} in
     * {@code export-worker.yml}), which binds as null rather than as an {@code @DefaultValue}: the defaults are
     * therefore given here, once, for both an empty and a missing value.
     */
    public WorkerProperties {
        concurrency = concurrency == null ? 2 : concurrency;
        jobTimeout = jobTimeout == null ? Duration.ofHours(1) : jobTimeout;
        jobConsumption = jobConsumption == null ? JobConsumption.DEFAULT : jobConsumption;
    }

    /** How the job topic is consumed ({@code WORKER_JOB_CONSUMPTION}). */
    public enum JobConsumption {
        /** A share group (KIP-932, Kafka 4.2+): records go to free consumers, whatever the partition count. */
        SHARE,
        /** A consumer group: each consumer exports the jobs of the partitions assigned to it, one at a time. */
        GROUP;

        public static final JobConsumption DEFAULT = SHARE;
    }

    /**
     * The share group the job slots join.
     *
     * @param groupId            the share group (a group ID can be a consumer group or a share group, never both, so
     *                           it differs from {@code spring.kafka.consumer.group-id})
     * @param deliveryLimit      a job delivered this many times without a result (its earlier deliveries were
     *                           released, or their worker died) is reported FAILED with {@code DELIVERY_LIMIT}
     *                           instead of being run, so that the config service's retry plan takes it over; keep it at
     *                           most the broker's {@code group.share.delivery.count.limit} (5), which archives the job
     *                           after that many deliveries
     * @param recordLockDuration how long a delivered job stays with its slot without an answer (the group's
     *                           {@code share.record.lock.duration.ms}, at most the broker's
     *                           {@code group.share.max.record.lock.duration.ms}, which Kafka caps at 1 h, and at least
     *                           its {@code group.share.min.record.lock.duration.ms}, 15 s by default); an export
     *                           still running then is delivered to another slot, which waits for the day lock and
     *                           writes nothing twice, and the first slot's late answer is refused by the broker and
     *                           logged ({@code JobAnswers}); default 1 h
     * @param quickAnswer        how long the slot's own thread waits for its job's answer: a job answered within it
     *                           (every small company's) is answered on that thread, and the slot fetches the next job at
     *                           once; a longer export is answered from its own thread when it ends, which the slot
     *                           picks up on its next turn (Spring Kafka's share container retries a slot with an
     *                           unanswered job every 10 ms, so every small job would otherwise wait 0–10 ms more);
     *                           it also bounds how long stopping a slot waits for it; default 2 s
     */
    public record Share(
            @NotBlank @DefaultValue("security-export-worker-slots")
            String groupId,

            @Min(2) @Max(10) @DefaultValue("5") int deliveryLimit,
            @NotNull @DefaultValue("1h") Duration recordLockDuration,
            @NotNull @DefaultValue("2s") Duration quickAnswer) {}

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
     * @param replica       an optional read replica of that database to read days from instead (none by default)
     */
    public record CopyDatabase(
            @NotBlank String url,
            @NotBlank String username,
            String password,
            @NotNull @DefaultValue("10m") Duration socketTimeout,
            @Valid @NotNull @DefaultValue Replica replica) {

        @Override
        public String toString() {
            return "CopyDatabase[url=" + url + ", username=" + username + ", replica=" + replica + "]";
        }
    }

    /**
     * A streaming read replica (hot standby) of the primary that days are COPYed from, to take the largest read off
     * the primary. A day is read there only once the replica has replayed the primary's WAL up to a position taken
     * after the job started (so after the day settled); otherwise, or when the replica cannot be reached, the day is
     * read from the primary as without a replica. The deployment's variables may be set empty
     * ({@code ${DATABASE_REPLICA_URL:}}), which binds as null: the defaults are therefore given here.
     *
     * @param url          JDBC URL of the replica, e.g. {@code jdbc:postgresql://replica:5432/security_export}
     *                     (pgjdbc's multi-host form works: the replay check runs on the connection that then COPYs);
     *                     empty (the default) = no replica, every day is read from the primary
     * @param username     login on the replica; empty = the primary's ({@code copy-database.username})
     * @param password     its password; empty = the primary's
     * @param maxWait      how long a day waits for the replica to replay far enough (including getting a connection
     *                     to it) before it is read from the primary instead; default 30 s
     * @param pollInterval how often a waiting day asks the replica again; default 200 ms
     * @param skipAfterFallback once a day had to be read from the primary (the replica behind, unreachable or no
     *                     standby), the days that start within this time go to the primary without asking the replica:
     *                     a replica that is down or far behind costs the midnight fan-out one {@code maxWait}, not one
     *                     per day; default 1 min
     */
    public record Replica(
            String url,
            String username,
            String password,
            Duration maxWait,
            Duration pollInterval,
            Duration skipAfterFallback) {

        public static final Replica NONE = new Replica(null, null, null, null, null, null);

        public Replica {
            url = url == null || url.isBlank() ? null : url;
            username = username == null || username.isBlank() ? null : username;
            password = password == null || password.isEmpty() ? null : password;
            maxWait = maxWait == null ? Duration.ofSeconds(30) : maxWait;
            pollInterval = pollInterval == null ? Duration.ofMillis(200) : pollInterval;
            skipAfterFallback = skipAfterFallback == null ? Duration.ofMinutes(1) : skipAfterFallback;
        }

        /** Whether days may be read from a replica at all. */
        public boolean configured() {
            return url != null;
        }

        @Override
        public String toString() {
            return "Replica[url=" + url + ", username=" + username + ", maxWait=" + maxWait + "]";
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

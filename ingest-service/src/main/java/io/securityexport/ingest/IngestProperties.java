package io.securityexport.ingest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * All settings of the ingest service ({@code security-export.ingest.*}).
 *
 * @param topics      where events and dashboard users come from, and where the records of each that are refused go
 * @param batchTimeout the longest one batch may take to become durable; a write transaction never outlives it,
 *                     which is what lets an export of day D start safely once D has ended plus this duration
 * @param statementTimeout PostgreSQL cancels any ingest statement running longer (its {@code statement_timeout}):
 *                     part of the midnight rule, so no row joins day D after D+1 00:00 plus this; below
 *                     {@code batchTimeout} so a cancelled statement still fails its batch in time
 * @param dedupWindow how far back a redelivered eventId is recognised across day partitions
 * @param partitionsAhead how many days of partitions exist ahead of today, so no insert waits for DDL at midnight
 * @param retention   days older than this are dropped once every enabled company has received them
 * @param retentionHardCap days older than this are dropped even if not received (loudly)
 * @param progress    how consumer-group lag is measured and when a partition counts as stalled
 * @param retry       the back-off of a batch that could not be made durable (database or Kafka unreachable); it is
 *                    retried for as long as that lasts, never skipped
 */
@Validated
@ConfigurationProperties("security-export.ingest")
public record IngestProperties(
        @Valid @NotNull @DefaultValue Topics topics,
        @NotNull @DefaultValue("30s") Duration batchTimeout,
        @NotNull @DefaultValue("20s") Duration statementTimeout,
        @NotNull @DefaultValue("7d") Duration dedupWindow,
        @DefaultValue("2") int partitionsAhead,
        @NotNull @DefaultValue("30d") Duration retention,
        @NotNull @DefaultValue("90d") Duration retentionHardCap,
        @Valid @NotNull @DefaultValue Progress progress,
        @Valid @NotNull @DefaultValue Retry retry) {

    public record Topics(
            @NotBlank @DefaultValue(io.securityexport.common.kafka.Topics.SECURITY_EVENTS)
            String events,

            @NotBlank @DefaultValue(io.securityexport.common.kafka.Topics.SECURITY_EVENTS_DLT)
            String deadLetter,

            @NotBlank @DefaultValue(io.securityexport.common.kafka.Topics.DASHBOARD_USERS)
            String dashboardUsers,

            @NotBlank @DefaultValue(io.securityexport.common.kafka.Topics.DASHBOARD_USERS_DLT)
            String dashboardUsersDeadLetter) {}

    /**
     * Watching that ingestion moves ({@code security-export.ingest.progress.*}).
     *
     * @param lagInterval how often the committed offsets of every listener's consumer group and the log-end offsets
     *                    of its partitions are read from Kafka, for the lag metrics and the stall rule
     * @param stallAfter  a partition this instance consumes is stalled when it has lag and its committed offset has
     *                    not moved for longer than this; readiness is DOWN while any partition is stalled. Choose it
     *                    well above the longest normal batch ({@code batchTimeout}) plus {@code lagInterval}
     */
    /**
     * Exponential back-off for a failed batch ({@code security-export.ingest.retry.*}).
     *
     * @param initialInterval the wait before the first retry
     * @param multiplier      each wait is this many times the previous one
     * @param maxInterval     no wait is longer; retries go on at this pace until storage is back
     */
    public record Retry(
            @NotNull @DefaultValue("500ms") Duration initialInterval,
            @DefaultValue("2.0") double multiplier,
            @NotNull @DefaultValue("30s") Duration maxInterval) {}

    public record Progress(
            @NotNull @DefaultValue("15s") Duration lagInterval,
            @NotNull @DefaultValue("2m") Duration stallAfter) {}
}

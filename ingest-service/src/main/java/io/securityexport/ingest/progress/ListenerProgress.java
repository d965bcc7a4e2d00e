package io.securityexport.ingest.progress;

import java.time.Instant;
import java.util.List;

/**
 * One measurement of one listener container's consumer group.
 *
 * @param listener   the listener (container) id
 * @param running    whether the container was running
 * @param lag        records not yet committed, summed over the group's partitions
 * @param maxLag     the largest lag of one partition
 * @param stalled    the partitions this instance is responsible for that are stalled
 * @param measuredAt when Kafka answered
 */
record ListenerProgress(
        String listener, boolean running, long lag, long maxLag, List<StalledPartition> stalled, Instant measuredAt) {}

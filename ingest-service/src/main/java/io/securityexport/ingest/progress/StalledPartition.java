package io.securityexport.ingest.progress;

import java.time.Instant;
import java.util.Optional;

/**
 * A partition whose committed offset stands still although it has lag.
 *
 * @param since   since when its committed offset has stood still with lag while this instance was responsible for it
 * @param failing the batch that keeps failing on it, if the error handler reported one
 */
record StalledPartition(PartitionOffsets offsets, Instant since, Optional<FailureStreak> failing) {}

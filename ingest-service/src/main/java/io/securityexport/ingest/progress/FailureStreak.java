package io.securityexport.ingest.progress;

import java.time.Instant;

/**
 * A batch that keeps failing on one partition.
 *
 * @param firstOffset the offset of the batch's first record on the partition: once the group has committed past it,
 *                    the batch went through
 * @param since       the first failure of this batch
 * @param attempts    failed attempts so far
 * @param lastError   the kind of the latest failure
 */
record FailureStreak(long firstOffset, Instant since, int attempts, ErrorKind lastError) {}

package io.securityexport.ingest.progress;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;

/**
 * The stall rule of one listener: a partition this instance is responsible for is stalled when its committed offset
 * has stood still for longer than {@code stallAfter} while it had lag and this instance was responsible for it.
 *
 * <p>The wait starts anew when the committed offset moves, when lag appears and when this instance becomes
 * responsible: a partition idle for hours that just received a record, or one a dead instance left behind, is not
 * stalled before this instance had {@code stallAfter} to move it. Which partitions an instance is responsible for is
 * the caller's decision (see {@link ConsumerProgress}).
 *
 * <p>Not thread-safe: one sampling thread feeds it.
 */
final class StallRule {

    private final Duration stallAfter;
    private final Map<TopicPartition, Standing> standing = new HashMap<>();

    StallRule(Duration stallAfter) {
        this.stallAfter = stallAfter;
    }

    /** A partition whose committed offset has stood still, with lag, since {@code since}. */
    record Stall(PartitionOffsets offsets, Instant since) {}

    /** Since when a partition's committed offset, lag-or-not and responsibility have been what they are. */
    private record Standing(long committed, boolean lagging, boolean responsible, Instant since) {

        boolean same(PartitionOffsets offsets, boolean responsible) {
            return committed == offsets.committed() && lagging == offsets.lag() > 0 && this.responsible == responsible;
        }
    }

    /** Takes one sample of the group's offsets, measured at {@code now}, and answers which partitions are stalled. */
    List<Stall> observe(Instant now, Collection<PartitionOffsets> offsets, Predicate<TopicPartition> responsible) {
        Map<TopicPartition, Standing> current = new HashMap<>();
        List<Stall> stalls = new ArrayList<>();
        for (PartitionOffsets partition : offsets) {
            Standing state = standing(partition, responsible.test(partition.partition()), now);
            current.put(partition.partition(), state);
            if (state.responsible()
                    && state.lagging()
                    && Duration.between(state.since(), now).compareTo(stallAfter) > 0) {
                stalls.add(new Stall(partition, state.since()));
            }
        }
        // partitions Kafka no longer reports (a deleted topic) are forgotten
        standing.clear();
        standing.putAll(current);
        return stalls;
    }

    private Standing standing(PartitionOffsets partition, boolean responsible, Instant now) {
        Standing previous = standing.get(partition.partition());
        return previous != null && previous.same(partition, responsible)
                ? previous
                : new Standing(partition.committed(), partition.lag() > 0, responsible, now);
    }
}

package io.securityexport.ingest.progress;

import static org.assertj.core.api.Assertions.assertThat;

import io.securityexport.ingest.progress.StallRule.Stall;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The stall rule on its own: offset samples at chosen times, no Kafka, no Spring. */
class StallRuleTest {

    private static final Duration STALL_AFTER = Duration.ofMinutes(2);
    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    private static final TopicPartition P0 = new TopicPartition("security-events", 0);
    private static final TopicPartition P1 = new TopicPartition("security-events", 1);
    private static final Predicate<TopicPartition> ALL = partition -> true;

    private final StallRule rule = new StallRule(STALL_AFTER);

    @Test
    void aPartitionWithLagWhoseCommittedOffsetStandsStillLongerThanStallAfterIsStalledSinceItsFirstSighting() {
        assertThat(rule.observe(T0, List.of(offsets(P0, 10, 50)), ALL)).isEmpty();
        assertThat(rule.observe(T0.plusSeconds(60), List.of(offsets(P0, 10, 60)), ALL))
                .isEmpty();

        List<Stall> stalls = rule.observe(T0.plus(STALL_AFTER).plusSeconds(1), List.of(offsets(P0, 10, 70)), ALL);

        assertThat(stalls).containsExactly(new Stall(offsets(P0, 10, 70), T0));
    }

    @Test
    void standingStillForExactlyStallAfterIsNotYetAStall() {
        rule.observe(T0, List.of(offsets(P0, 10, 50)), ALL);

        assertThat(rule.observe(T0.plus(STALL_AFTER), List.of(offsets(P0, 10, 50)), ALL))
                .isEmpty();
    }

    @Test
    void aCommittedOffsetThatMovesRestartsTheWaitAndEndsAStall() {
        rule.observe(T0, List.of(offsets(P0, 10, 50)), ALL);
        assertThat(rule.observe(T0.plusSeconds(180), List.of(offsets(P0, 10, 50)), ALL))
                .hasSize(1);

        Instant moved = T0.plusSeconds(190);
        assertThat(rule.observe(moved, List.of(offsets(P0, 11, 50)), ALL)).isEmpty();
        assertThat(rule.observe(moved.plus(STALL_AFTER), List.of(offsets(P0, 11, 50)), ALL))
                .isEmpty();
        assertThat(rule.observe(moved.plus(STALL_AFTER).plusMillis(1), List.of(offsets(P0, 11, 50)), ALL))
                .containsExactly(new Stall(offsets(P0, 11, 50), moved));
    }

    @Test
    void anIdlePartitionWithoutLagIsNeverStalledHoweverLongItsOffsetStandsStill() {
        rule.observe(T0, List.of(offsets(P0, 50, 50)), ALL);

        assertThat(rule.observe(T0.plus(Duration.ofHours(5)), List.of(offsets(P0, 50, 50)), ALL))
                .isEmpty();
    }

    @Test
    void aPartitionIdleForHoursThatJustReceivedRecordsGetsTheFullWait() {
        rule.observe(T0, List.of(offsets(P0, 50, 50)), ALL);
        rule.observe(T0.plus(Duration.ofHours(3)), List.of(offsets(P0, 50, 50)), ALL);

        Instant recordsArrived = T0.plus(Duration.ofHours(3)).plusSeconds(15);
        assertThat(rule.observe(recordsArrived, List.of(offsets(P0, 50, 80)), ALL))
                .isEmpty();
        assertThat(rule.observe(recordsArrived.plus(STALL_AFTER).plusSeconds(1), List.of(offsets(P0, 50, 90)), ALL))
                .containsExactly(new Stall(offsets(P0, 50, 90), recordsArrived));
    }

    @Test
    void aPartitionAnotherInstanceConsumesIsNotThisInstancesStall() {
        Predicate<TopicPartition> onlyP0 = P0::equals;
        rule.observe(T0, List.of(offsets(P0, 10, 50), offsets(P1, 10, 50)), onlyP0);

        List<Stall> stalls =
                rule.observe(T0.plusSeconds(180), List.of(offsets(P0, 10, 50), offsets(P1, 10, 50)), onlyP0);

        assertThat(stalls).extracting(stall -> stall.offsets().partition()).containsExactly(P0);
    }

    @Test
    void aPartitionJustAssignedHereGetsTheFullWaitEvenIfItStoodStillBefore() {
        Predicate<TopicPartition> none = partition -> false;
        rule.observe(T0, List.of(offsets(P1, 10, 50)), none);
        rule.observe(T0.plusSeconds(600), List.of(offsets(P1, 10, 50)), none);

        Instant assigned = T0.plusSeconds(610);
        assertThat(rule.observe(assigned, List.of(offsets(P1, 10, 50)), ALL)).isEmpty();
        assertThat(rule.observe(assigned.plus(STALL_AFTER).plusSeconds(1), List.of(offsets(P1, 10, 50)), ALL))
                .containsExactly(new Stall(offsets(P1, 10, 50), assigned));
    }

    @Test
    void lagCountsFromTheCommittedOffsetAndNeverBelowZero() {
        assertThat(offsets(P0, 10, 50).lag()).isEqualTo(40);
        assertThat(offsets(P0, 50, 50).lag()).isZero();
        // a log truncated below the committed offset (unclean leader election) leaves nothing to read
        assertThat(offsets(P0, 60, 50).lag()).isZero();
    }

    private static PartitionOffsets offsets(TopicPartition partition, long committed, long end) {
        return new PartitionOffsets(partition, committed, end);
    }
}

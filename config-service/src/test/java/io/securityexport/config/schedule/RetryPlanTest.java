package io.securityexport.config.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The back-off of failed days, without Spring or a database. */
class RetryPlanTest {

    static final RetryPlan PLAN = new RetryPlan(
            List.of(Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(24)),
            Duration.ofDays(30));
    static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    @Test
    void theWaitGrowsWithEachAttemptAndTheLastOneRepeats() {
        assertThat(PLAN.waitAfter(1)).isEqualTo(Duration.ofMinutes(5));
        assertThat(PLAN.waitAfter(2)).isEqualTo(Duration.ofMinutes(15));
        assertThat(PLAN.waitAfter(4)).isEqualTo(Duration.ofHours(24));
        assertThat(PLAN.waitAfter(40)).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void theNextAttemptCountsFromWhenTheFailedOneFinished() {
        Instant finished = Instant.parse("2026-11-21T11:00:00Z");

        assertThat(PLAN.nextAttempt(LocalDate.parse("2026-11-20"), 2, finished, NOW))
                .contains(Instant.parse("2026-11-21T11:15:00Z"));
    }

    @Test
    void aRunWithoutFinishTimeCountsFromNow() {
        assertThat(PLAN.nextAttempt(LocalDate.parse("2026-11-20"), 1, null, NOW))
                .contains(NOW.plus(Duration.ofMinutes(5)));
    }

    @Test
    void aDayPastTheRetentionIsGivenUpButTheOldestRetainedDayIsStillTried() {
        assertThat(PLAN.oldestRetained(NOW)).isEqualTo(LocalDate.parse("2026-10-22"));
        assertThat(PLAN.nextAttempt(LocalDate.parse("2026-10-21"), 1, NOW, NOW)).isEmpty();
        assertThat(PLAN.nextAttempt(LocalDate.parse("2026-10-22"), 1, NOW, NOW)).isPresent();
    }

    @Test
    void aPlanNeedsAtLeastOneWait() {
        assertThatThrownBy(() -> new RetryPlan(List.of(), Duration.ofDays(30)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package io.securityexport.config.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * When a failed day is tried again: after the back-off for its attempt number (the last wait repeats), counted from
 * when the attempt finished; never once the day has left the retention, because its data is gone.
 *
 * @param backoff   the waits after attempt 1, 2, …; the last one applies to every later attempt
 * @param retention how far back days are kept (whole days count)
 */
record RetryPlan(List<Duration> backoff, Duration retention) {

    RetryPlan {
        if (backoff.isEmpty()) {
            throw new IllegalArgumentException("the retry back-off needs at least one wait");
        }
        backoff = List.copyOf(backoff);
    }

    /** The wait after the {@code attempt}th attempt failed (1-based). */
    Duration waitAfter(int attempt) {
        return backoff.get(Math.max(1, Math.min(attempt, backoff.size())) - 1);
    }

    /**
     * The next attempt of {@code day} after attempt number {@code attempt} failed at {@code finishedAt} (unknown for a
     * run failed by the NO_RESULT sweep: then {@code now}); empty when the day is past the retention.
     */
    Optional<Instant> nextAttempt(LocalDate day, int attempt, Instant finishedAt, Instant now) {
        if (day.isBefore(oldestRetained(now))) {
            return Optional.empty();
        }
        Instant base = finishedAt != null ? finishedAt : now;
        return Optional.of(base.plus(waitAfter(attempt)));
    }

    /** The oldest day still retained at {@code now} (UTC). */
    LocalDate oldestRetained(Instant now) {
        return now.atZone(ZoneOffset.UTC).toLocalDate().minusDays(retention.toDays());
    }
}

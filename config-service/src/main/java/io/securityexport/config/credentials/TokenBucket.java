package io.securityexport.config.credentials;

import java.time.Duration;

/**
 * A token bucket of {@code burst} tokens, one added back every {@code interval}, kept as a single instant (the
 * generic cell rate algorithm): {@code full} is when the bucket would be full again. A take is allowed while the
 * bucket would still hold a token, i.e. while {@code full} is no more than {@code (burst - 1) × interval} ahead of
 * now; each take moves {@code full} one interval later. Times are nanoseconds of a monotonic clock.
 */
final class TokenBucket {

    private final long interval;
    private final long tolerance;
    private long full;

    TokenBucket(int burst, Duration interval, long now) {
        this.interval = Math.max(1, interval.toNanos());
        this.tolerance = this.interval * (burst - 1L);
        this.full = now;
    }

    /** Takes a token: zero when one was there, else how long until there is one (nothing taken). */
    synchronized Duration take(long now) {
        long start = Math.max(full, now);
        long ahead = start - now;
        if (ahead > tolerance) {
            return Duration.ofNanos(ahead - tolerance);
        }
        full = start + interval;
        return Duration.ZERO;
    }
}

package io.securityexport.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;

/**
 * A UTC clock that runs at the system clock's pace from a point its owner sets, so "midnight comes" when a benchmark
 * or the local stack's demo says and time keeps flowing afterwards: timestamps the services write (requested,
 * published, started, finished) are then real durations apart, on one timeline for every service given the clock.
 */
public final class ShiftedClock extends Clock {

    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    public ShiftedClock(Instant start) {
        jumpTo(start);
    }

    /** From now on this clock reads {@code instant}, then moves on with the system clock. */
    public void jumpTo(Instant instant) {
        offset.set(Duration.between(Instant.now(), instant));
    }

    /** Makes this clock the one a service's beans get, in place of the system clock its application class declares. */
    public ApplicationContextInitializer<GenericApplicationContext> asPrimaryBean() {
        return context -> context.registerBean(
                "shiftedClock", Clock.class, () -> this, definition -> definition.setPrimary(true));
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}

package io.securityexport.benchmarks.soak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The soak's clock, shared by every process through a file holding its offset from the system clock in
 * milliseconds: the harness writes it (a jump), each service reads it at most every 50 ms. Between jumps it runs
 * at the system clock's pace, so durations the services measure stay real; only the day moves ahead.
 */
final class SharedClock extends Clock {

    private static final long REREAD_NANOS = 50_000_000;

    private final Path file;
    private volatile long offsetMillis;
    private volatile long readAt;

    SharedClock(Path file) {
        this.file = file;
        this.offsetMillis = read(file);
        this.readAt = System.nanoTime();
    }

    /** Makes the shared clock read {@code instant} now (then move on): every process follows within 50 ms. */
    static void jumpTo(Path file, Instant instant) {
        write(file, Duration.between(Instant.now(), instant).toMillis());
    }

    static void write(Path file, long offsetMillis) {
        try {
            Path next = file.resolveSibling(file.getFileName() + ".next");
            Files.writeString(next, Long.toString(offsetMillis));
            Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long read(Path file) {
        try {
            return Long.parseLong(Files.readString(file).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("the soak's clock file " + file, e);
        }
    }

    @Override
    public Instant instant() {
        long now = System.nanoTime();
        if (now - readAt > REREAD_NANOS) {
            try {
                offsetMillis = read(file);
            } catch (UncheckedIOException | NumberFormatException e) {
                // the harness is replacing it this very moment: the last offset read is still right
            }
            readAt = now;
        }
        return Instant.now().plusMillis(offsetMillis);
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

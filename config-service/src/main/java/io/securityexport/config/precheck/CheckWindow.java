package io.securityexport.config.precheck;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;

/**
 * When the checks before day D's midnight run: from {@code start} (UTC) on D, spread over {@code spread}, so that
 * 20,000 companies do not reach STS and S3 in the same second; all of them done before D+1 00:00.
 */
record CheckWindow(LocalTime start, Duration spread) {

    /** The day whose file the checks at {@code now} come before: today, once the window has opened; else none. */
    LocalDate dayDueAt(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return now.isBefore(opens(today)) ? null : today;
    }

    Instant opens(LocalDate day) {
        return day.atTime(start).toInstant(ZoneOffset.UTC);
    }

    long spreadSeconds() {
        return Math.max(1, spread.toSeconds());
    }
}

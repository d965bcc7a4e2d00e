package io.securityexport.common.export;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * When a UTC day is complete. The ingest service stamps each batch with its receipt time right before the insert,
 * and PostgreSQL aborts any statement that runs longer than the ingest statement timeout; an aborted batch is
 * redelivered and stamped anew (so it lands in the next day). Hence no row can join day D after
 * {@code D+1 00:00 + statement timeout}. The settle delay adds a margin for clock skew between instances.
 *
 * @param settleDelay how long after midnight day D counts as complete; must exceed the ingest statement timeout
 */
public record DaySettlement(Duration settleDelay) {

    public static final DaySettlement DEFAULT = new DaySettlement(Duration.ofMinutes(2));

    public Instant settledAt(LocalDate day) {
        return day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).plus(settleDelay);
    }

    public boolean isSettled(LocalDate day, Instant now) {
        return !now.isBefore(settledAt(day));
    }
}

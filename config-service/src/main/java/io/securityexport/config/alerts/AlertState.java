package io.securityexport.config.alerts;

import java.time.Instant;
import java.util.Optional;

/**
 * "Once per problem": whether a company's exports are failing, and what a finished run changes. A failure while
 * healthy alerts {@code export.failed}; more failures (retries of that day, other days) alert nobody; the first
 * success after them alerts {@code export.recovered} once and the company is healthy again.
 *
 * @param failingSince when the current problem began; null while healthy
 */
record AlertState(Instant failingSince) {

    static final AlertState HEALTHY = new AlertState(null);

    boolean failing() {
        return failingSince != null;
    }

    /** @param next the state after the run; {@code alert} what to tell the company's channels, if anything */
    record Transition(AlertState next, Optional<AlertKind> alert) {}

    Transition after(boolean succeeded, Instant finishedAt) {
        if (succeeded) {
            return failing()
                    ? new Transition(HEALTHY, Optional.of(AlertKind.EXPORT_RECOVERED))
                    : new Transition(this, Optional.empty());
        }
        return failing()
                ? new Transition(this, Optional.empty())
                : new Transition(new AlertState(finishedAt), Optional.of(AlertKind.EXPORT_FAILED));
    }
}

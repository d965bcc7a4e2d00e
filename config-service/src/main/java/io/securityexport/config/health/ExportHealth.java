package io.securityexport.config.health;

import io.securityexport.config.i18n.Sentence;
import io.securityexport.config.precheck.CredentialsChecked;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A company's export at a glance: one status and the few facts behind it, computed from the settings' state and the
 * attempts of the retained days. A pure function of its inputs, so each status and the retention arithmetic are
 * tested without Spring or a database.
 *
 * @param status                  HEALTHY, FAILING, AT_RISK, DISABLED or NOT_CONFIGURED
 * @param lastSuccessfulDay       the newest day delivered, if any
 * @param failingSince            when the first failure not yet cured happened (the start of the current streak)
 * @param pendingDays             failed days not delivered since and still retained, oldest first
 * @param oldestPendingDay        the first of them
 * @param oldestPendingLeavesOn   the day on which it leaves the retention: from then on it can no longer be exported
 * @param daysLeft                days from today until then ("3 days left")
 * @param lastErrorCode           the error code of the latest failure not yet cured
 * @param lastErrorMessage        its sentence
 * @param summary                 the status said in one sentence (in the admin's language at the web edge)
 * @param credentialCheck         the latest check of the saved credentials before a midnight, if any; a failed one
 *                                newer than the last delivery makes a healthy export FAILING before its file is due
 */
public record ExportHealth(
        Status status,
        LocalDate lastSuccessfulDay,
        Instant failingSince,
        List<LocalDate> pendingDays,
        LocalDate oldestPendingDay,
        LocalDate oldestPendingLeavesOn,
        Integer daysLeft,
        String lastErrorCode,
        String lastErrorMessage,
        Sentence summary,
        CredentialsChecked credentialCheck) {

    public enum Status {
        HEALTHY,
        FAILING,
        AT_RISK,
        DISABLED,
        NOT_CONFIGURED
    }

    /** Whether the company has settings, and whether its export is switched on. */
    public enum Setup {
        NOT_CONFIGURED,
        DISABLED,
        ENABLED
    }

    /**
     * One finished or pending attempt of a day, as the run history holds it.
     *
     * @param status SUCCEEDED, FAILED, CANCELLED or REQUESTED
     * @param at     when it finished (when it was requested, for one still running)
     */
    public record Attempt(LocalDate day, String status, Instant at, String errorCode, String errorMessage) {

        boolean succeeded() {
            return "SUCCEEDED".equals(status);
        }

        boolean failed() {
            return "FAILED".equals(status);
        }
    }

    /**
     * @param attempts      the attempts of the retained days (older ones may be there too: the last success, say)
     * @param today         today (UTC)
     * @param retentionDays how many days back a day is still kept: the day {@code today - retentionDays} is the oldest
     * @param atRiskDays    AT_RISK once the oldest pending day leaves the retention within this many days
     */
    public static ExportHealth of(
            Setup setup, List<Attempt> attempts, LocalDate today, long retentionDays, long atRiskDays) {
        return of(setup, attempts, today, retentionDays, atRiskDays, null);
    }

    /** @param latestCheck the latest pre-midnight check of the saved credentials, or {@code null} */
    public static ExportHealth of(
            Setup setup,
            List<Attempt> attempts,
            LocalDate today,
            long retentionDays,
            long atRiskDays,
            CredentialsChecked latestCheck) {
        if (setup == Setup.NOT_CONFIGURED) {
            return new ExportHealth(
                    Status.NOT_CONFIGURED,
                    null,
                    null,
                    List.of(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    Sentence.of("health.not-configured"),
                    null);
        }
        LocalDate oldestRetained = today.minusDays(retentionDays);
        Optional<LocalDate> lastSuccessfulDay =
                attempts.stream().filter(Attempt::succeeded).map(Attempt::day).max(Comparator.naturalOrder());
        Set<LocalDate> delivered =
                attempts.stream().filter(Attempt::succeeded).map(Attempt::day).collect(Collectors.toSet());
        List<LocalDate> pending = attempts.stream()
                .filter(Attempt::failed)
                .map(Attempt::day)
                .filter(day -> !day.isBefore(oldestRetained) && !delivered.contains(day))
                .collect(Collectors.toCollection(TreeSet::new))
                .stream()
                .toList();
        Optional<Instant> lastSuccess =
                attempts.stream().filter(Attempt::succeeded).map(Attempt::at).max(Comparator.naturalOrder());
        // not yet cured: a failure of a day still pending, or any failure after the latest success
        List<Attempt> uncured = attempts.stream()
                .filter(Attempt::failed)
                .filter(failure -> pending.contains(failure.day())
                        || lastSuccess
                                .map(success -> failure.at().isAfter(success))
                                .orElse(true))
                .sorted(Comparator.comparing(Attempt::at))
                .toList();
        Instant failingSince = uncured.isEmpty() ? null : uncured.get(0).at();
        Attempt lastFailure = uncured.isEmpty() ? null : uncured.get(uncured.size() - 1);
        LocalDate oldestPending = pending.isEmpty() ? null : pending.get(0);
        // a day is kept while today - retentionDays <= day: it is gone on day + retentionDays + 1
        LocalDate leavesOn = oldestPending == null ? null : oldestPending.plusDays(retentionDays + 1);
        Integer daysLeft = leavesOn == null ? null : (int) ChronoUnit.DAYS.between(today, leavesOn);
        // a check that failed after the last delivery: the next file will fail unless the company fixes it now
        boolean checkFailing = latestCheck != null
                && !latestCheck.passed()
                && lastSuccess
                        .map(success -> latestCheck.checkedAt().isAfter(success))
                        .orElse(true);
        Status status;
        if (setup == Setup.DISABLED) {
            status = Status.DISABLED;
        } else if (uncured.isEmpty() && checkFailing) {
            return new ExportHealth(
                    Status.FAILING,
                    lastSuccessfulDay.orElse(null),
                    latestCheck.checkedAt(),
                    pending,
                    oldestPending,
                    leavesOn,
                    daysLeft,
                    latestCheck.errorCode(),
                    latestCheck.message(),
                    Sentence.of(
                            "health.credential-check-failed",
                            latestCheck.failedCheck() == null
                                    ? Sentence.of("health.check-unavailable")
                                    : latestCheck.failedCheck(),
                            latestCheck.day().toString()),
                    latestCheck);
        } else if (uncured.isEmpty()) {
            status = Status.HEALTHY;
        } else if (daysLeft != null && daysLeft <= atRiskDays) {
            status = Status.AT_RISK;
        } else {
            status = Status.FAILING;
        }
        return new ExportHealth(
                status,
                lastSuccessfulDay.orElse(null),
                failingSince,
                pending,
                oldestPending,
                leavesOn,
                daysLeft,
                lastFailure == null ? null : lastFailure.errorCode(),
                lastFailure == null ? null : lastFailure.errorMessage(),
                summary(status, pending, oldestPending, leavesOn, daysLeft),
                latestCheck);
    }

    /** The status, and the failed days still pending when there are any ({@code health.failing.pending}). */
    private static Sentence summary(
            Status status, List<LocalDate> pending, LocalDate oldest, LocalDate leavesOn, Integer daysLeft) {
        String code = switch (status) {
            case HEALTHY -> "health.healthy";
            case FAILING -> "health.failing";
            case AT_RISK -> "health.at-risk";
            case DISABLED -> "health.disabled";
            case NOT_CONFIGURED -> "health.not-configured";
        };
        if (pending.isEmpty() || status == Status.HEALTHY || status == Status.NOT_CONFIGURED) {
            return Sentence.of(code);
        }
        return Sentence.of(code + ".pending", pending.size(), oldest.toString(), leavesOn.toString(), daysLeft);
    }
}

package io.securityexport.benchmarks.soak;

import io.securityexport.benchmarks.soak.FailureLines.Kind;
import io.securityexport.benchmarks.soak.SoakLedger.SentEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Where each sent event turned up, row by row across all stored files. Only the first file of each event is kept (a
 * reference to its name, shared by all its rows): enough to name both files of a duplicate, small enough for a soak
 * of millions of events.
 */
final class EventSightings {

    private final Map<String, SentEvent> events;
    private final Set<String> malformed;
    private final FailureLines failures;
    private final Map<String, String> firstFoundIn = new HashMap<>();
    private long auditRows;

    EventSightings(Map<String, SentEvent> events, Set<String> malformed, FailureLines failures) {
        this.events = events;
        this.malformed = malformed;
        this.failures = failures;
    }

    /**
     * One row of a file.
     *
     * @param where the file, as {@code s3://bucket/key}; the same instance for all rows of a file
     * @param soakId the row's soakId, null when its JsonProperties name none
     */
    void row(String where, DailyObjectKey file, String soakId, String jsonProperties) {
        if (soakId == null && isSettingsAudit(jsonProperties)) {
            // the export's own security event: an admin saved the settings (the config service publishes it)
            auditRows++;
            return;
        }
        if (soakId == null) {
            failures.add(
                    Kind.UNKNOWN_ROW,
                    "a row without a soakId in " + where + ", JsonProperties: "
                            + jsonProperties.substring(0, Math.min(200, jsonProperties.length())));
            return;
        }
        SentEvent event = events.get(soakId);
        if (event == null) {
            String what = malformed.contains(soakId) ? " (a malformed record's ID)" : "";
            failures.add(Kind.UNKNOWN_ROW, soakId + what + " in " + where);
            return;
        }
        String earlier = firstFoundIn.putIfAbsent(soakId, where);
        if (earlier != null) {
            failures.add(
                    Kind.DUPLICATE_EVENT,
                    soakId + (earlier.equals(where) ? " twice in " + where : " in " + earlier + " and in " + where));
        }
        if (!event.companyId().equals(file.companyId())) {
            failures.add(Kind.WRONG_COMPANY, soakId + " of company " + event.companyId() + " in " + where);
        }
        if (file.day().isBefore(event.firstDay()) || file.day().isAfter(event.lastDay())) {
            failures.add(
                    Kind.WRONG_DAY, soakId + " sent for " + event.firstDay() + ".." + event.lastDay() + " in " + where);
        }
    }

    /**
     * Reports every sent event found in no file; call once, after the last file. An event that may have been received
     * on a day its company had switched the export off is not missing: that day has no file, by design.
     *
     * @return how many events were found in no file and may belong to a switched-off day
     */
    long reportMissing(Set<SoakLedger.CompanyDay> switchedOff) {
        long inSwitchedOffDays = events.values().stream()
                .filter(event -> !firstFoundIn.containsKey(event.eventId()))
                .filter(event -> mayBeIn(event, switchedOff))
                .count();
        events.values().stream()
                .filter(event -> !firstFoundIn.containsKey(event.eventId()))
                .filter(event -> !mayBeIn(event, switchedOff))
                .forEach(event -> failures.add(
                        Kind.MISSING_EVENT,
                        event.eventId() + " of company " + event.companyId() + ", sent for " + event.firstDay() + ".."
                                + event.lastDay()));
        return inSwitchedOffDays;
    }

    private static boolean mayBeIn(SentEvent event, Set<SoakLedger.CompanyDay> days) {
        return event.firstDay()
                .datesUntil(event.lastDay().plusDays(1))
                .anyMatch(day -> days.contains(new SoakLedger.CompanyDay(event.companyId(), day)));
    }

    private static boolean isSettingsAudit(String jsonProperties) {
        return jsonProperties.contains("\"settingsVersion\"") && jsonProperties.contains("\"action\"");
    }

    /** Rows of the settings changes' own security events (the export's audit trail). */
    long auditRows() {
        return auditRows;
    }

    /** Distinct sent events found at least once. */
    long found() {
        return firstFoundIn.size();
    }
}

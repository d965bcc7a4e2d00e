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
    void row(String where, DailyObjectKey file, String soakId) {
        if (soakId == null) {
            failures.add(Kind.UNKNOWN_ROW, "a row without a soakId in " + where);
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

    /** Reports every sent event found in no file; call once, after the last file. */
    void reportMissing() {
        events.values().stream()
                .filter(event -> !firstFoundIn.containsKey(event.eventId()))
                .forEach(event -> failures.add(
                        Kind.MISSING_EVENT,
                        event.eventId() + " of company " + event.companyId() + ", sent for " + event.firstDay() + ".."
                                + event.lastDay()));
    }

    /** Distinct sent events found at least once. */
    long found() {
        return firstFoundIn.size();
    }
}

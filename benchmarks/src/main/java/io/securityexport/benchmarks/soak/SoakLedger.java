package io.securityexport.benchmarks.soak;

import java.time.LocalDate;
import java.util.Map;
import java.util.Set;

/**
 * What the soak sent and did, as the harness recorded it: what the reconciliation expects to find afterwards.
 *
 * @param events       every valid event sent, once per event ID (a duplicate is the same event sent again)
 * @param malformed    the IDs of the malformed records sent (each record's bytes contain {@code soak-m-<uuid>})
 * @param buckets      each company's bucket
 * @param enabledDays  the company-days that must have SUCCEEDED with an object: the company was enabled when the
 *                     day was scheduled
 * @param disabledDays the company-days of companies switched off when the day was scheduled: no object may exist
 */
public record SoakLedger(
        Map<String, SentEvent> events,
        Set<String> malformed,
        Map<String, String> buckets,
        Set<CompanyDay> enabledDays,
        Set<CompanyDay> disabledDays) {

    /**
     * A valid event. Its JSON properties hold {@code {"soakId": eventId, ...}}, so the row in a CSV file names it.
     * The receipt day is not known to the harness to the second: the event must be in the file of a day between
     * {@code firstDay} (the shared clock's day when it was sent) and {@code lastDay} (that day, or the next when it
     * was sent close to midnight or while ingest was down).
     */
    public record SentEvent(String eventId, String companyId, LocalDate firstDay, LocalDate lastDay) {}

    public record CompanyDay(String companyId, LocalDate day) {}
}

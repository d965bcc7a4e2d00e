package io.securityexport.benchmarks.soak;

import java.io.PrintStream;
import java.util.List;

/**
 * What the reconciliation found: the figures, and one line per failure, each naming the event ID, company-day or
 * key at fault (at most {@value FailureLines#SHOWN_PER_KIND} per kind, then a line counting the rest).
 */
public record ReconciliationReport(Figures figures, List<String> failures) {

    /**
     * @param objects               objects in the soak's buckets
     * @param bytes                 their stored size
     * @param rows                  rows read from them (after the header)
     * @param unreadableObjects     objects that are no whole CSV v1 file (cut short, corrupt gzip, bad header)
     * @param unexpectedKeys        objects whose key is not a daily file's
     * @param unexpectedObjects     objects for a company-day the soak never scheduled, in another company's bucket, or
     *                              beside another object of the same company-day
     * @param eventsExpected        valid events sent
     * @param eventsFound           of those, found in at least one file
     * @param duplicates            rows of an event beyond its first
     * @param missing               valid events in no file
     * @param wrongCompany          rows of an event in another company's file
     * @param wrongDay              rows of an event in a file of a day outside its range
     * @param unknownRows           rows naming no valid event sent (a malformed record's ID included)
     * @param disabledDayObjects    objects for a company-day of a switched-off company
     * @param enabledDaysChecked    company-days that had to be delivered
     * @param daysWithoutRun        of those, without a SUCCEEDED run
     * @param daysWithoutObject     of those, without an object
     * @param shaMismatches         objects whose SHA-256 is not their latest SUCCEEDED run's
     * @param incompleteUploads     multipart uploads neither completed nor aborted
     * @param deadLetters           records in the dead-letter topic
     * @param malformedExpected     malformed records sent
     * @param malformedFound        of those, found in the dead-letter topic
     * @param malformedMissing      of those, not found
     * @param deadLetterExtra       dead letters that are no malformed record sent
     * @param deadLetterDuplicates  dead letters repeating a malformed record (redelivery after a crash: no failure)
     */
    public record Figures(
            long objects,
            long bytes,
            long rows,
            long unreadableObjects,
            long unexpectedKeys,
            long unexpectedObjects,
            long eventsExpected,
            long eventsFound,
            long duplicates,
            long missing,
            long inSwitchedOffDays,
            long wrongCompany,
            long wrongDay,
            long unknownRows,
            long auditRows,
            long disabledDayObjects,
            long enabledDaysChecked,
            long daysWithoutRun,
            long daysWithoutObject,
            long shaMismatches,
            long incompleteUploads,
            long deadLetters,
            long malformedExpected,
            long malformedFound,
            long malformedMissing,
            long deadLetterExtra,
            long deadLetterDuplicates) {}

    public ReconciliationReport {
        failures = List.copyOf(failures);
    }

    public boolean passed() {
        return failures.isEmpty();
    }

    /** The figures as one compact block, then the failure lines. */
    public void print(PrintStream out) {
        Figures f = figures;
        out.println("reconciliation " + (passed() ? "PASSED" : "FAILED (" + failures.size() + " failure lines)"));
        out.printf(
                "  objects %d, %d bytes, %d rows; unreadable %d, unexpected keys %d, unexpected objects %d%n",
                f.objects(), f.bytes(), f.rows(), f.unreadableObjects(), f.unexpectedKeys(), f.unexpectedObjects());
        out.printf(
                "  events sent %d, found %d; duplicates %d, missing %d (and %d received on a switched-off day, in no"
                        + " file by design), wrong company %d, wrong day %d, unknown rows %d;"
                        + " %d rows of the export's own audit events (settings saved)%n",
                f.eventsExpected(),
                f.eventsFound(),
                f.duplicates(),
                f.missing(),
                f.inSwitchedOffDays(),
                f.wrongCompany(),
                f.wrongDay(),
                f.unknownRows(),
                f.auditRows());
        out.printf(
                "  enabled days checked %d: without run %d, without object %d, SHA mismatches %d;"
                        + " disabled-day objects %d; incomplete uploads %d%n",
                f.enabledDaysChecked(),
                f.daysWithoutRun(),
                f.daysWithoutObject(),
                f.shaMismatches(),
                f.disabledDayObjects(),
                f.incompleteUploads());
        out.printf(
                "  dead letters %d: malformed found %d of %d, missing %d, extra %d, duplicates %d (redeliveries)%n",
                f.deadLetters(),
                f.malformedFound(),
                f.malformedExpected(),
                f.malformedMissing(),
                f.deadLetterExtra(),
                f.deadLetterDuplicates());
        failures.forEach(failure -> out.println("  FAIL " + failure));
    }
}

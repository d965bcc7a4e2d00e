package io.securityexport.benchmarks.soak;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The reconciliation's findings, by kind. A soak gone wrong can miss a million events: each kind keeps its first
 * {@value #SHOWN_PER_KIND} lines and counts the rest, so the report stays readable and its figures stay exact.
 */
final class FailureLines {

    static final int SHOWN_PER_KIND = 20;

    enum Kind {
        UNREADABLE_OBJECT("partial or unreadable file"),
        UNEXPECTED_KEY("key not of a daily file"),
        MISSING_EVENT("event missing"),
        DUPLICATE_EVENT("event found twice"),
        WRONG_COMPANY("event in another company's file"),
        WRONG_DAY("event in a day outside its range"),
        UNKNOWN_ROW("row whose soakId was never sent as a valid event"),
        DISABLED_DAY_OBJECT("object for a disabled company-day"),
        UNEXPECTED_OBJECT("unexpected object"),
        NO_SUCCEEDED_RUN("enabled company-day without a SUCCEEDED run"),
        NO_OBJECT("enabled company-day without an object"),
        SHA_MISMATCH("object SHA-256 differs from its latest SUCCEEDED run"),
        INCOMPLETE_UPLOAD("incomplete multipart upload"),
        DEAD_LETTER_MISSING("malformed record not dead-lettered"),
        DEAD_LETTER_EXTRA("dead letter that is not a malformed record sent"),
        DEAD_LETTERS_UNREAD("dead-letter topic not read to its end");

        private final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    private final Map<Kind, List<String>> shown = new EnumMap<>(Kind.class);
    private final Map<Kind, Long> counts = new EnumMap<>(Kind.class);

    void add(Kind kind, String line) {
        long count = counts.merge(kind, 1L, Long::sum);
        if (count <= SHOWN_PER_KIND) {
            shown.computeIfAbsent(kind, ignored -> new ArrayList<>()).add(line);
        }
    }

    long count(Kind kind) {
        return counts.getOrDefault(kind, 0L);
    }

    /** Each shown line as "{kind}: {line}", then "{kind}: … and N more" where lines were left out. */
    List<String> lines() {
        List<String> lines = new ArrayList<>();
        shown.forEach((kind, kindLines) -> {
            kindLines.forEach(line -> lines.add(kind.label + ": " + line));
            long hidden = count(kind) - kindLines.size();
            if (hidden > 0) {
                lines.add(kind.label + ": … and " + hidden + " more");
            }
        });
        return List.copyOf(lines);
    }
}

package io.securityexport.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What makes the API load benchmark fail, by kind (5xx, cross-tenant leak, unexpected status, …): how often each
 * kind was seen and the first few examples, so a run that goes wrong says exactly which request got which answer.
 */
final class Findings {

    private static final int EXAMPLES = 5;

    private final Map<String, Kind> kinds = new LinkedHashMap<>();

    synchronized void add(String kind, String example) {
        kinds.computeIfAbsent(kind, name -> new Kind()).add(example);
    }

    synchronized boolean isEmpty() {
        return kinds.isEmpty();
    }

    synchronized long count(String kind) {
        Kind found = kinds.get(kind);
        return found == null ? 0 : found.count;
    }

    synchronized List<String> describe() {
        List<String> lines = new ArrayList<>();
        kinds.forEach((name, kind) -> {
            lines.add("%s: %d, e.g.".formatted(name, kind.count));
            kind.examples.forEach(example -> lines.add("  - " + example));
        });
        return lines;
    }

    private static final class Kind {
        private long count;
        private final List<String> examples = new ArrayList<>();

        void add(String example) {
            count++;
            if (examples.size() < EXAMPLES) {
                examples.add(example);
            }
        }
    }
}

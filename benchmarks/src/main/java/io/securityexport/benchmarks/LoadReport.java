package io.securityexport.benchmarks;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The API load benchmark's figures as markdown tables on stdout. */
final class LoadReport {

    private LoadReport() {}

    static void table(String phase, Tally tally) {
        print("");
        print("**" + phase + "**");
        print("");
        print("| operation | count | p50 ms | p99 ms | max ms | statuses |");
        print("|---|---:|---:|---:|---:|---|");
        for (Tally.Summary summary : tally.summaries()) {
            print("| %s | %,d | %.1f | %.1f | %.1f | %s |"
                    .formatted(
                            summary.operation(),
                            summary.count(),
                            summary.p50(),
                            summary.p99(),
                            summary.max(),
                            statuses(summary.statuses())));
        }
    }

    static void lines(List<String> lines) {
        lines.forEach(LoadReport::print);
    }

    static void print(String line) {
        System.out.println(line);
    }

    private static String statuses(Map<Integer, Long> statuses) {
        return statuses.entrySet().stream()
                .map(status -> (status.getKey() == Tally.NO_ANSWER
                                ? "closed"
                                : status.getKey() == -1
                                        ? "still open"
                                        : status.getKey().toString())
                        + "×" + status.getValue())
                .collect(Collectors.joining(", "));
    }
}

package io.securityexport.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every answer of the API load benchmark, per operation: its latency and its status. A status of {@link #NO_ANSWER}
 * means the connection ended without a status line (a slow client cut off, or a request that got no answer).
 */
final class Tally {

    static final int NO_ANSWER = 0;

    private final Map<String, Operation> operations = new ConcurrentHashMap<>();

    void record(String operation, int status, long nanos) {
        operations.computeIfAbsent(operation, name -> new Operation()).add(status, nanos);
    }

    /** One line per operation, in the order of their names. */
    List<Summary> summaries() {
        return operations.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(entry -> entry.getValue().summary(entry.getKey()))
                .toList();
    }

    long total() {
        return summaries().stream().mapToLong(Summary::count).sum();
    }

    long withStatus(int from, int to) {
        return summaries().stream()
                .flatMap(summary -> summary.statuses().entrySet().stream())
                .filter(status -> status.getKey() >= from && status.getKey() <= to)
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    /** Latencies in milliseconds; statuses with how often each came. */
    record Summary(String operation, long count, double p50, double p99, double max, Map<Integer, Long> statuses) {}

    private static final class Operation {
        private final List<Long> nanos = new ArrayList<>();
        private final Map<Integer, Long> statuses = new TreeMap<>();

        synchronized void add(int status, long latency) {
            nanos.add(latency);
            statuses.merge(status, 1L, Long::sum);
        }

        synchronized Summary summary(String name) {
            long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(sorted);
            return new Summary(
                    name,
                    sorted.length,
                    millis(percentile(sorted, 0.50)),
                    millis(percentile(sorted, 0.99)),
                    millis(sorted.length == 0 ? 0 : sorted[sorted.length - 1]),
                    Collections.unmodifiableMap(new TreeMap<>(statuses)));
        }

        /** Nearest rank: the smallest latency that at least this share of the requests did not exceed. */
        private static long percentile(long[] sorted, double share) {
            if (sorted.length == 0) {
                return 0;
            }
            int rank = (int) Math.ceil(share * sorted.length);
            return sorted[Math.max(0, rank - 1)];
        }

        private static double millis(long nanos) {
            return nanos / 1e6;
        }
    }
}

package io.securityexport.testsupport;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** The faults armed per operation, taken in the order they were armed, and what the proxy counted. Thread-safe. */
final class S3FaultPlan {

    private static final int ALWAYS = -1;

    private final Map<S3Operation, Deque<Armed>> armed = new EnumMap<>(S3Operation.class);
    private final Map<S3Operation, int[]> counts = new EnumMap<>(S3Operation.class);
    /** Faults of one part number, taken before the operation's own; every upload of that part meets them. */
    private final Map<Integer, S3Fault> partFaults = new HashMap<>();

    private static final class Armed {
        final S3Fault fault;
        int remaining;

        Armed(S3Fault fault, int remaining) {
            this.fault = fault;
            this.remaining = remaining;
        }
    }

    synchronized void arm(S3Operation operation, S3Fault fault, int times) {
        armed.computeIfAbsent(operation, ignored -> new ArrayDeque<>()).add(new Armed(fault, times));
    }

    synchronized void armAlways(S3Operation operation, S3Fault fault) {
        arm(operation, fault, ALWAYS);
    }

    synchronized void armPart(int partNumber, S3Fault fault) {
        partFaults.put(partNumber, fault);
    }

    synchronized void clear() {
        partFaults.clear();
        armed.clear();
        counts.clear();
    }

    /** The fault this request meets, if any, counted as it is decided. */
    synchronized Optional<S3Fault> decide(S3Operation operation, OptionalInt partNumber) {
        Optional<S3Fault> fault = operation == S3Operation.UPLOAD_PART && partNumber.isPresent()
                ? Optional.ofNullable(partFaults.get(partNumber.getAsInt()))
                : Optional.empty();
        if (fault.isEmpty()) {
            fault = take(operation);
        }
        int[] count = counts.computeIfAbsent(operation, ignored -> new int[2]);
        if (fault.map(S3Fault::reachesS3).orElse(true)) {
            count[0]++;
        }
        if (fault.isPresent()) {
            count[1]++;
        }
        return fault;
    }

    synchronized S3Traffic traffic(S3Operation operation) {
        int[] count = counts.getOrDefault(operation, new int[2]);
        return new S3Traffic(count[0], count[1]);
    }

    private Optional<S3Fault> take(S3Operation operation) {
        Deque<Armed> queue = armed.get(operation);
        if (queue == null || queue.isEmpty()) {
            return Optional.empty();
        }
        Armed first = queue.peekFirst();
        if (first.remaining != ALWAYS && --first.remaining == 0) {
            queue.removeFirst();
        }
        return Optional.of(first.fault);
    }
}

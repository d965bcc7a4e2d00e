package io.securityexport.benchmarks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.securityexport.export.WorkerApplication;
import io.securityexport.testsupport.ShiftedClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Export workers as separate Spring contexts in this JVM, each exactly as deployed, consuming the job topic in the
 * given way ({@code share}: one share group; {@code group}: one consumer group) under a group ID of their own, so
 * that no other set of workers' jobs reach them. Job counts are read as differences between {@link #counts()}.
 */
final class Workers implements AutoCloseable {

    private static final Duration ASSIGNMENT_WAIT = Duration.ofSeconds(60);

    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

    /** Starts them and returns once the job topic's partitions are spread over all of them. */
    static Workers start(
            int count,
            String consumption,
            String groupId,
            Map<String, String> workerProperties,
            ShiftedClock clock,
            int jobPartitions)
            throws InterruptedException {
        Workers workers = new Workers();
        Map<String, String> properties = new HashMap<>(workerProperties);
        properties.put("security-export.worker.job-consumption", consumption);
        properties.put("spring.kafka.consumer.group-id", groupId);
        properties.put("security-export.worker.share.group-id", groupId + "-share");
        String[] args = properties.entrySet().stream()
                .map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                .toArray(String[]::new);
        for (int i = 0; i < count; i++) {
            workers.contexts.add(WorkerApplication.builder()
                    .initializers(clock.asPrimaryBean())
                    .run(args));
        }
        workers.awaitAssignment(jobPartitions);
        return workers;
    }

    /** Exports and redeliveries so far, per worker: subtract two of them for what happened in between. */
    record Counts(List<Long> jobs, List<Long> redelivered) {

        Counts since(Counts before) {
            return new Counts(minus(jobs, before.jobs), minus(redelivered, before.redelivered));
        }

        private static List<Long> minus(List<Long> after, List<Long> before) {
            return IntStream.range(0, after.size())
                    .mapToObj(i -> after.get(i) - before.get(i))
                    .toList();
        }
    }

    Counts counts() {
        return new Counts(
                contexts.stream().map(Workers::jobs).toList(),
                contexts.stream()
                        .map(context -> sum(context, "export.redelivered"))
                        .toList());
    }

    @Override
    public void close() {
        contexts.forEach(ConfigurableApplicationContext::close);
    }

    private void awaitAssignment(int partitions) throws InterruptedException {
        long deadline = System.nanoTime() + ASSIGNMENT_WAIT.toNanos();
        while (!assigned(partitions)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the job topic's partitions were not assigned to all " + contexts.size()
                        + " worker(s) within " + ASSIGNMENT_WAIT);
            }
            Thread.sleep(100); // a benchmark driver waiting for a group rebalance, not a test
        }
    }

    /**
     * Share consumption (the default): every worker's job slots are running (a share group assigns no partitions).
     * Group consumption ({@code WORKER_JOB_CONSUMPTION=group}): every consumer of every worker (each runs
     * {@code concurrency} of them) holds partitions, all of them in total.
     */
    private boolean assigned(int partitions) {
        int total = 0;
        boolean shared = false;
        for (ConfigurableApplicationContext context : contexts) {
            KafkaListenerEndpointRegistry registry = context.getBean(KafkaListenerEndpointRegistry.class);
            MessageListenerContainer slots = registry.getListenerContainer("export-job-slots");
            if (slots != null) {
                if (!slots.isRunning()) {
                    return false;
                }
                shared = true;
                continue;
            }
            MessageListenerContainer container = registry.getListenerContainer("export-jobs");
            if (!(container instanceof ConcurrentMessageListenerContainer<?, ?> consumers)) {
                return false;
            }
            for (MessageListenerContainer consumer : consumers.getContainers()) {
                int own = consumer.getAssignedPartitions() == null
                        ? 0
                        : consumer.getAssignedPartitions().size();
                if (own == 0) {
                    return false;
                }
                total += own;
            }
        }
        return shared || total == partitions;
    }

    /** Exports done: jobs reported, less those delivered again that found their object already written. */
    private static long jobs(ConfigurableApplicationContext context) {
        return sum(context, "export.jobs") - sum(context, "export.redelivered");
    }

    private static long sum(ConfigurableApplicationContext context, String counter) {
        return (long) context.getBean(MeterRegistry.class).find(counter).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }
}

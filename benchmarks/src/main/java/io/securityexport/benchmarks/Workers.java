package io.securityexport.benchmarks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.securityexport.export.WorkerApplication;
import io.securityexport.testsupport.ShiftedClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Export workers as separate Spring contexts in this JVM, in one consumer group, each exactly as deployed (one
 * listener thread, one job per poll). Fresh for every round, so each round's job counts are its own.
 */
final class Workers implements AutoCloseable {

    private static final Duration ASSIGNMENT_WAIT = Duration.ofSeconds(60);

    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

    /** Starts them and returns once the job topic's partitions are spread over all of them. */
    static Workers start(int count, Map<String, String> properties, ShiftedClock clock, int jobPartitions)
            throws InterruptedException {
        Workers workers = new Workers();
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

    /** Jobs each worker finished (any outcome) since it started. */
    List<Long> jobsPerWorker() {
        return contexts.stream().map(Workers::jobs).toList();
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

    /** Jobs delivered again (a rebalance while they ran) that found their own object and were not exported twice. */
    List<Long> redeliveredPerWorker() {
        return contexts.stream()
                .map(context -> sum(context, "export.redelivered"))
                .toList();
    }

    private static long sum(ConfigurableApplicationContext context, String counter) {
        return (long) context.getBean(MeterRegistry.class).find(counter).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }
}

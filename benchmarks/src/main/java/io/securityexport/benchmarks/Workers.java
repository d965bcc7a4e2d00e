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
            workers.contexts.add(WorkerApplication.builder().initializers(clock.asPrimaryBean()).run(args));
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
                throw new IllegalStateException("the job topic's partitions were not assigned to all "
                        + contexts.size() + " worker(s) within " + ASSIGNMENT_WAIT);
            }
            Thread.sleep(100); // a benchmark driver waiting for a group rebalance, not a test
        }
    }

    private boolean assigned(int partitions) {
        int total = 0;
        for (ConfigurableApplicationContext context : contexts) {
            MessageListenerContainer container = context.getBean(KafkaListenerEndpointRegistry.class)
                    .getListenerContainer("export-jobs");
            int own = container == null || container.getAssignedPartitions() == null
                    ? 0 : container.getAssignedPartitions().size();
            if (own == 0) {
                return false;
            }
            total += own;
        }
        return total == partitions;
    }

    private static long jobs(ConfigurableApplicationContext context) {
        return (long) context.getBean(MeterRegistry.class).find("export.jobs").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }
}

package io.securityexport.ingest.progress;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.securityexport.ingest.IngestProperties;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Measures, every {@code lagInterval}, how far each Kafka listener's consumer group is behind and whether a partition
 * this instance consumes has stalled; publishes the result as gauges ({@code ingest.consumer.lag},
 * {@code ingest.consumer.lag.max}, {@code ingest.consumer.stalled.partitions}, tagged {@code listener}) and to
 * {@link IngestionHealth}.
 *
 * <p>This instance is responsible for the partitions assigned to its container; for all of the group's partitions
 * while its container is not running as expected (stopped, or a consumer died): then nobody here moves them, and if
 * no other instance does either, they are stalled.
 *
 * <p>Kafka is asked from one thread of its own, because the admin calls block (bounded by
 * {@link ConsumerGroupOffsets#TIMEOUT}) and must not hold up other scheduled work or an event loop. As a
 * {@link SmartLifecycle} in the last phase it starts after the listener containers and stops before them, so a
 * shutdown is not mistaken for a stall.
 */
@Component
class ConsumerProgress implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConsumerProgress.class);

    private final KafkaListenerEndpointRegistry listeners;
    private final ConsumerGroupOffsets kafka;
    private final FailureStreaks failures;
    private final IngestProperties.Progress settings;
    private final Clock clock;
    private final MeterRegistry meters;
    /** Touched only by the sampling thread. */
    private final Map<String, StallRule> rules = new ConcurrentHashMap<>();
    /** Written by the sampling thread, read by health checks and metric scrapes. */
    private final Map<String, ListenerProgress> latest = new ConcurrentHashMap<>();

    private volatile ScheduledExecutorService sampler;

    ConsumerProgress(
            KafkaListenerEndpointRegistry listeners,
            ConsumerGroupOffsets kafka,
            FailureStreaks failures,
            IngestProperties properties,
            Clock clock,
            MeterRegistry meters) {
        this.listeners = listeners;
        this.kafka = kafka;
        this.failures = failures;
        this.settings = properties.progress();
        this.clock = clock;
        this.meters = meters;
    }

    /** The latest measurement of every listener measured so far. */
    Collection<ListenerProgress> latest() {
        return List.copyOf(latest.values());
    }

    @Override
    public void start() {
        sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ingest-progress");
            thread.setDaemon(true);
            return thread;
        });
        sampler.scheduleWithFixedDelay(
                this::measureAll, 0, settings.lagInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = sampler;
        sampler = null;
        if (running != null) {
            running.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return sampler != null;
    }

    void measureAll() {
        for (MessageListenerContainer container : listeners.getListenerContainers()) {
            try {
                measure(container);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // a scheduled task that throws is never run again: every failure must end here
                Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                log.warn(
                        "could not measure the consumer lag of listener {}: {}: {}",
                        container.getListenerId(),
                        cause.getClass().getSimpleName(),
                        cause.getMessage());
            }
        }
    }

    private void measure(MessageListenerContainer container) throws Exception {
        String listener = container.getListenerId();
        boolean running = container.isRunning() && container.isInExpectedState();
        Predicate<TopicPartition> responsible = running ? assigned(container)::contains : partition -> true;
        List<PartitionOffsets> offsets = kafka.read(container.getGroupId(), topics(container));
        failures.settle(offsets);
        Instant now = clock.instant();
        List<StalledPartition> stalled = rules
                .computeIfAbsent(listener, id -> new StallRule(settings.stallAfter()))
                .observe(now, offsets, responsible)
                .stream()
                .map(stall -> new StalledPartition(
                        stall.offsets(),
                        stall.since(),
                        failures.of(stall.offsets().partition())))
                .toList();
        long lag = offsets.stream().mapToLong(PartitionOffsets::lag).sum();
        long maxLag = offsets.stream().mapToLong(PartitionOffsets::lag).max().orElse(0);
        ListenerProgress progress = new ListenerProgress(listener, running, lag, maxLag, stalled, now);
        ListenerProgress previous = latest.put(listener, progress);
        if (previous == null) {
            registerGauges(listener);
        }
        logChange(previous, progress);
    }

    private static Set<TopicPartition> assigned(MessageListenerContainer container) {
        Collection<TopicPartition> assigned = container.getAssignedPartitions();
        return assigned == null ? Set.of() : Set.copyOf(assigned);
    }

    private static List<String> topics(MessageListenerContainer container) {
        String[] topics = container.getContainerProperties().getTopics();
        return topics == null ? List.of() : Arrays.asList(topics);
    }

    private void registerGauges(String listener) {
        gauge(
                "ingest.consumer.lag",
                listener,
                ListenerProgress::lag,
                "records the listener's consumer group has not committed yet, over all partitions");
        gauge(
                "ingest.consumer.lag.max",
                listener,
                ListenerProgress::maxLag,
                "the largest uncommitted lag of one partition of the listener's consumer group");
        gauge(
                "ingest.consumer.stalled.partitions",
                listener,
                progress -> progress.stalled().size(),
                "partitions this instance consumes whose committed offset has not moved for longer than stall-after despite lag");
    }

    private void gauge(String name, String listener, ToDoubleFunction<ListenerProgress> value, String description) {
        Gauge.builder(name, latest, measured -> value.applyAsDouble(measured.get(listener)))
                .tag("listener", listener)
                .description(description)
                .register(meters);
    }

    /** One line when a partition starts stalling and one when the listener has none stalled any more. */
    private static void logChange(ListenerProgress previous, ListenerProgress current) {
        Set<TopicPartition> wasStalled = previous == null ? Set.of() : partitions(previous);
        for (StalledPartition stalled : current.stalled()) {
            if (!wasStalled.contains(stalled.offsets().partition())) {
                log.error(
                        "ingestion stalled listener={} partition={} lag={} stalledSince={} lastError={}",
                        current.listener(),
                        stalled.offsets().partition(),
                        stalled.offsets().lag(),
                        stalled.since(),
                        stalled.failing()
                                .map(failing -> failing.lastError().toString())
                                .orElse("(none reported)"));
            }
        }
        if (!wasStalled.isEmpty() && current.stalled().isEmpty()) {
            log.info("ingestion moves again listener={} lag={}", current.listener(), current.lag());
        }
    }

    private static Set<TopicPartition> partitions(ListenerProgress progress) {
        return progress.stalled().stream()
                .map(stalled -> stalled.offsets().partition())
                .collect(Collectors.toSet());
    }
}

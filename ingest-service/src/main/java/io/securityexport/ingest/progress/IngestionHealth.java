package io.securityexport.ingest.progress;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The health component {@code ingestion}, part of readiness: DOWN while any partition this instance consumes is
 * stalled (see {@link StallRule}), UP otherwise; UNKNOWN until the first measurement, which leaves readiness to the
 * other components. It recovers by itself with the first measurement after the partition moves again.
 *
 * <p>It only reads the latest measurement of {@link ConsumerProgress}, so a health check never waits for Kafka.
 * Details name the stalled partitions and the kind of the last error, never an error message (see {@link ErrorKind}).
 */
@Component("ingestion")
class IngestionHealth implements HealthIndicator {

    private final ConsumerProgress progress;

    IngestionHealth(ConsumerProgress progress) {
        this.progress = progress;
    }

    @Override
    public Health health() {
        Collection<ListenerProgress> listeners = progress.latest();
        if (listeners.isEmpty()) {
            return Health.unknown()
                    .withDetail("reason", "consumer lag not measured yet")
                    .build();
        }
        boolean stalled =
                listeners.stream().anyMatch(listener -> !listener.stalled().isEmpty());
        Health.Builder health = stalled ? Health.down() : Health.up();
        listeners.forEach(listener -> health.withDetail(listener.listener(), details(listener)));
        return health.build();
    }

    private static Map<String, Object> details(ListenerProgress listener) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("lag", listener.lag());
        details.put("maxPartitionLag", listener.maxLag());
        details.put("running", listener.running());
        details.put("measuredAt", listener.measuredAt().toString());
        if (!listener.stalled().isEmpty()) {
            details.put(
                    "stalledPartitions",
                    listener.stalled().stream().map(IngestionHealth::details).toList());
        }
        return details;
    }

    private static Map<String, Object> details(StalledPartition stalled) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("partition", stalled.offsets().partition().toString());
        details.put("lag", stalled.offsets().lag());
        details.put("committedOffset", stalled.offsets().committed());
        details.put("stalledSince", stalled.since().toString());
        stalled.failing().ifPresent(failing -> {
            details.put("failingSince", failing.since().toString());
            details.put("failedAttempts", failing.attempts());
            details.put("lastError", errorDetails(failing.lastError()));
        });
        return details;
    }

    private static Map<String, Object> errorDetails(ErrorKind error) {
        return error.sqlState() == null
                ? Map.of("exception", error.exception())
                : Map.of("exception", error.exception(), "sqlState", error.sqlState());
    }
}

package io.securityexport.ingest.partitions;

import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.R2dbcException;
import io.securityexport.ingest.IngestProperties;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Drops day partitions past the retention — but never a day that an enabled company with events in it has not yet
 * received successfully, until the day passes the hard cap; then it is dropped anyway, with an ERROR log and the
 * {@code ingest.partitions.dropped_unexported} metric. Partitions are detached CONCURRENTLY, so ingestion into
 * other days never waits for the drop.
 *
 * <p>Which days were exported is read from the config service's run history (same database, read-only). If that
 * schema cannot be read, nothing younger than the hard cap is dropped.
 */
@Component
public class PartitionRetention {

    private static final Logger log = LoggerFactory.getLogger(PartitionRetention.class);
    private static final String UNDEFINED_TABLE = "42P01";
    private static final String PARTITIONS = """
            SELECT c.relname AS name FROM pg_inherits i
              JOIN pg_class c ON c.oid = i.inhrelid
              JOIN pg_class p ON p.oid = i.inhparent
              JOIN pg_namespace n ON n.oid = p.relnamespace
             WHERE n.nspname = 'ingest' AND p.relname = 'security_events'
            """;
    private static final String UNEXPORTED_COMPANIES = """
            SELECT count(*) AS companies FROM config.export_targets t
             WHERE t.enabled
               AND EXISTS (SELECT 1 FROM ingest.security_events e WHERE e.received_day = $1 AND e.company_id = t.company_id)
               AND NOT EXISTS (SELECT 1 FROM config.delivered_days d WHERE d.company_id = t.company_id AND d.day = $1)
            """;

    private final DatabaseClient database;
    private final DayPartitions partitions;
    private final IngestProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;

    PartitionRetention(
            DatabaseClient database,
            DayPartitions partitions,
            IngestProperties properties,
            Clock clock,
            MeterRegistry meters) {
        this.database = database;
        this.partitions = partitions;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
    }

    /** What retention did with one expired day. */
    public enum Outcome {
        DROPPED,
        KEPT_NOT_EXPORTED,
        DROPPED_NOT_EXPORTED
    }

    public record Decision(LocalDate day, Outcome outcome, long companiesNotExported) {}

    @Scheduled(cron = "0 20 * * * *", zone = "UTC")
    void scheduled() {
        apply().onErrorResume(error -> {
                    log.warn("partition retention failed: {}", error.getMessage());
                    return Flux.empty();
                })
                .subscribe();
    }

    /** Decides and acts on every partition older than the retention. */
    public Flux<Decision> apply() {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        LocalDate oldestKept = today.minusDays(properties.retention().toDays());
        LocalDate hardCap = today.minusDays(properties.retentionHardCap().toDays());
        return database.sql(PARTITIONS)
                .map(row -> row.get("name", String.class))
                .all()
                .mapNotNull(DayPartitions::dayOf)
                .filter(day -> day.isBefore(oldestKept))
                .sort()
                .concatMap(day -> decide(day, hardCap));
    }

    private Mono<Decision> decide(LocalDate day, LocalDate hardCap) {
        return companiesNotExported(day).flatMap(notExported -> {
            if (notExported == 0) {
                return drop(day).thenReturn(new Decision(day, Outcome.DROPPED, 0));
            }
            if (day.isBefore(hardCap)) {
                log.error(
                        "dropping day {} past the hard cap although {} enabled compan(y/ies) never received it"
                                + " (or the run history is unreadable): their data for that day is gone",
                        day,
                        notExported);
                meters.counter("ingest.partitions.dropped_unexported").increment();
                return drop(day).thenReturn(new Decision(day, Outcome.DROPPED_NOT_EXPORTED, notExported));
            }
            log.warn("keeping expired day {}: {} enabled compan(y/ies) have not received it yet", day, notExported);
            return Mono.just(new Decision(day, Outcome.KEPT_NOT_EXPORTED, notExported));
        });
    }

    /** -1 when the run history cannot be read: treated as "not exported". */
    private Mono<Long> companiesNotExported(LocalDate day) {
        return database.sql(UNEXPORTED_COMPANIES)
                .bind(0, day)
                .map(row -> row.get("companies", Long.class))
                .one()
                .onErrorResume(
                        error -> error instanceof R2dbcException r2dbc && UNDEFINED_TABLE.equals(r2dbc.getSqlState()),
                        error -> Mono.just(-1L));
    }

    private Mono<Void> drop(LocalDate day) {
        String table = "ingest." + DayPartitions.tableOf(day);
        return database.sql("ALTER TABLE ingest.security_events DETACH PARTITION " + table + " CONCURRENTLY")
                .then()
                .then(database.sql("DROP TABLE " + table).then())
                .doOnSuccess(ignored -> {
                    partitions.forget(day);
                    meters.counter("ingest.partitions.dropped").increment();
                    log.info("dropped day partition {}", day);
                });
    }
}

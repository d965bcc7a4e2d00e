package io.securityexport.ingest.partitions;

import io.securityexport.ingest.IngestProperties;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One partition of {@code ingest.security_events} per UTC day of receipt. Partitions are created ahead of need
 * (at start-up and every hour, {@code partitionsAhead} days forward) so no insert waits for DDL at midnight;
 * {@link #ensure} also creates a missing one on the spot, e.g. after a long outage.
 *
 * <p>A partition is made as a plain table and then attached: ATTACH PARTITION takes only a SHARE UPDATE EXCLUSIVE
 * lock on the parent, which inserts (ROW EXCLUSIVE) do not wait for, whereas CREATE TABLE … PARTITION OF takes an
 * ACCESS EXCLUSIVE lock and would queue every insert behind it. The CHECK constraint lets PostgreSQL skip the
 * validation scan.
 */
@Component
public class DayPartitions {

    private static final Logger log = LoggerFactory.getLogger(DayPartitions.class);
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("uuuu_MM_dd");
    /** Two instances may create the same partition at once; the loser sees one of these and is content. */
    private static final Set<String> ALREADY_THERE = Set.of(
            "42P07", // duplicate_table
            "42P17", // invalid_object_definition
            "42809", // wrong_object_type: "... is already a partition"
            "23505"); // unique_violation on pg_type: two concurrent CREATE TABLE IF NOT EXISTS

    private final DatabaseClient database;
    private final Clock clock;
    private final IngestProperties properties;
    private final Set<LocalDate> known = ConcurrentHashMap.newKeySet();

    DayPartitions(DatabaseClient database, Clock clock, IngestProperties properties) {
        this.database = database;
        this.clock = clock;
        this.properties = properties;
    }

    public Mono<Void> ensure(LocalDate day) {
        if (known.contains(day)) {
            return Mono.empty();
        }
        return create(day).doOnSuccess(ignored -> known.add(day));
    }

    @EventListener(ApplicationReadyEvent.class)
    @Scheduled(cron = "0 0 * * * *", zone = "UTC")
    public void createAhead() {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        Flux.range(0, properties.partitionsAhead() + 1)
                .map(today::plusDays)
                .concatMap(this::ensure)
                .doOnError(e -> log.warn("could not create day partitions ahead: {}", e.getMessage()))
                .onErrorComplete()
                .subscribe();
    }

    private static final String PREFIX = "security_events_";

    public static String tableOf(LocalDate day) {
        return PREFIX + SUFFIX.format(day);
    }

    /** The day a partition table holds, or null for a table that is not a day partition. */
    static LocalDate dayOf(String table) {
        if (!table.startsWith(PREFIX)) {
            return null;
        }
        try {
            return LocalDate.parse(table.substring(PREFIX.length()), SUFFIX);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** Forget a dropped day, so a late write for it would create its partition again rather than fail. */
    void forget(LocalDate day) {
        known.remove(day);
    }

    private Mono<Void> create(LocalDate day) {
        return isAttached(day).flatMap(attached -> attached ? Mono.<Void>empty() : createAndAttach(day));
    }

    /** A restarted instance finds earlier work done: the catalogue says whether the day is already attached. */
    private Mono<Boolean> isAttached(LocalDate day) {
        return database.sql("SELECT count(*) AS attached FROM pg_inherits i"
                        + " JOIN pg_class c ON c.oid = i.inhrelid"
                        + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname = 'ingest' AND c.relname = $1")
                .bind(0, tableOf(day))
                .map(row -> row.get("attached", Long.class))
                .one()
                .map(count -> count > 0);
    }

    private Mono<Void> createAndAttach(LocalDate day) {
        String table = "ingest." + tableOf(day);
        String range = "FROM ('" + day + "') TO ('" + day.plusDays(1) + "')";
        return statement("CREATE TABLE IF NOT EXISTS " + table
                        + " (LIKE ingest.security_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS,"
                        + " CHECK (received_day >= '" + day + "' AND received_day < '" + day.plusDays(1) + "'))")
                .then(statement(
                        "ALTER TABLE ingest.security_events ATTACH PARTITION " + table + " FOR VALUES " + range))
                .doOnSuccess(ignored -> log.debug("partition for {} is in place", day));
    }

    private Mono<Void> statement(String sql) {
        return database.sql(sql).then().onErrorResume(this::alreadyThere, e -> Mono.empty());
    }

    private boolean alreadyThere(Throwable error) {
        return error instanceof io.r2dbc.spi.R2dbcException r2dbc && ALREADY_THERE.contains(r2dbc.getSqlState());
    }
}

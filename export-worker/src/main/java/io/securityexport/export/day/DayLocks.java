package io.securityexport.export.day;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcException;
import io.securityexport.export.WorkerProperties;
import java.time.Duration;
import java.time.LocalDate;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * One exporter per company-day across all workers: a PostgreSQL session advisory lock, held on a connection of its
 * own for the whole export and released explicitly afterwards (the pool keeps sessions open). A second delivery of
 * the same day (a redelivered or duplicate job, a retry racing the midnight run) waits for the first to finish, then writes the same key again; a crashed worker's connection drops
 * and with it the lock. A wait longer than the job timeout (the longest the first may run) ends in {@link DayBusy},
 * which the retry loop takes up. Waiting costs no consumer liveness: jobs run asynchronously to the Kafka poll loop.
 * <p>
 * The day is almost always free: one {@code pg_try_advisory_lock} takes it in one round trip, and only a busy day
 * pays for the bounded wait ({@code lock_timeout} set, waited for, reset), which keeps small jobs cheap.
 */
@Component
class DayLocks {

    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private final ConnectionFactory connections;
    private final Duration lockWait;

    DayLocks(ConnectionFactory connections, WorkerProperties properties) {
        this.connections = connections;
        this.lockWait = properties.jobTimeout();
    }

    <T> Mono<T> exclusively(String companyId, LocalDate day, Supplier<Mono<T>> work) {
        String key = companyId + "/" + day;
        return Mono.usingWhen(
                Mono.from(connections.create()),
                connection -> lock(connection, key).then(Mono.defer(work)),
                // the connection is pooled: closing it keeps the session (and a session lock) alive, so unlock first
                connection -> unlock(connection).then(Mono.from(connection.close())));
    }

    private Mono<Void> lock(Connection connection, String key) {
        return Mono.from(connection
                        .createStatement("SELECT pg_try_advisory_lock(hashtextextended($1, 0))")
                        .bind(0, key)
                        .execute())
                .flatMap(result -> Mono.from(result.map((row, meta) -> row.get(0, Boolean.class))))
                .flatMap(taken -> taken ? Mono.empty() : waitFor(connection, key));
    }

    /** Another export holds the day: wait for it, at most the job timeout, then put the session's timeout back. */
    private Mono<Void> waitFor(Connection connection, String key) {
        return Mono.from(connection
                        .createStatement("SET lock_timeout = '" + lockWait.toMillis() + "ms'")
                        .execute())
                .flatMap(result -> Mono.from(result.getRowsUpdated()))
                .then(Mono.from(connection
                        .createStatement("SELECT pg_advisory_lock(hashtextextended($1, 0))")
                        .bind(0, key)
                        .execute()))
                .flatMap(result -> Mono.from(result.map((row, meta) -> 1)))
                .onErrorMap(
                        error ->
                                error instanceof R2dbcException r2dbc && LOCK_NOT_AVAILABLE.equals(r2dbc.getSqlState()),
                        error -> new DayBusy(key))
                .then(resetLockTimeout(connection))
                // the connection goes back to the pool either way: never with this session's timeout
                .onErrorResume(error -> resetLockTimeout(connection)
                        .onErrorResume(ignored -> Mono.empty())
                        .then(Mono.error(error)));
    }

    private static Mono<Void> resetLockTimeout(Connection connection) {
        return Mono.from(connection.createStatement("RESET lock_timeout").execute())
                .flatMap(result -> Mono.from(result.getRowsUpdated()))
                .then();
    }

    private static Mono<Void> unlock(Connection connection) {
        return Mono.from(connection
                        .createStatement("SELECT pg_advisory_unlock_all()")
                        .execute())
                .flatMap(result -> Mono.from(result.map((row, meta) -> 1)))
                .then()
                .onErrorResume(error -> Mono.empty()); // a broken connection has lost its session, and the lock with it
    }

    /** Another worker kept exporting this company-day for longer than we were willing to wait. */
    static final class DayBusy extends RuntimeException {
        DayBusy(String key) {
            super("another export of " + key + " is still running", null, false, false);
        }
    }
}

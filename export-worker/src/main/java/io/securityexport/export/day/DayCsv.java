package io.securityexport.export.day;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.SynchronousSink;
import reactor.core.scheduler.Scheduler;

/**
 * Streams one company-day (by day of receipt) as the lines of CSV v1, in file order, formatted by PostgreSQL itself:
 * {@code COPY (SELECT …) TO STDOUT (FORMAT csv)} sends each row as one ready CSV line, which is about twice as fast
 * as decoding columns and writing CSV in the JVM (see BENCHMARKS.md). PostgreSQL's CSV quoting is the contract's
 * RFC 4180 rule — a field is quoted when it holds a comma, quote, CR or LF, quotes doubled — once empty strings are
 * sent as NULL (which it writes unquoted); CreatedAt is {@code to_char}-formatted to ISO-8601 UTC milliseconds.
 * {@code CsvV1ConformanceIntegrationTest} holds these lines byte for byte against the Jackson CSV writer of {@code common}.
 * <p>
 * r2dbc-postgresql offers no COPY TO, so this reads through pgjdbc on {@code scheduler}, a bounded pool for blocking
 * reads: a part is read only when the upload asks for one, so memory stays at a few parts whatever the day's size.
 * The connection comes from {@link CopyConnections}: the primary's, or a read replica's that has replayed the whole
 * day (the wait for it is blocking too, on the same thread).
 * CurrentEmail is the user's email from the directory, or the developer ID when the user is gone or unknown.
 */
@Repository
class DayCsv {

    private static final Logger log = LoggerFactory.getLogger(DayCsv.class);

    /** COPY takes no bind parameters: the company and day travel as transaction-local settings. */
    private static final String PARAMETERS =
            "SELECT set_config('security_export.company_id', ?, true), set_config('security_export.day', ?, true)";

    private static final String COPY = """
            COPY (SELECT to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                         NULLIF(e.actor_email, ''),
                         NULLIF(COALESCE(CASE WHEN u.deleted THEN NULL ELSE u.email END, e.actor_developer_id), ''),
                         NULLIF(e.event_name, ''),
                         NULLIF(e.other_account, ''),
                         NULLIF(e.properties, ''),
                         1
                    FROM ingest.security_events e
                    LEFT JOIN ingest.dashboard_users u
                           ON u.developer_id = e.actor_developer_id AND u.company_id = e.company_id
                   WHERE e.company_id = current_setting('security_export.company_id')
                     AND e.received_day = current_setting('security_export.day')::date
                   ORDER BY e.occurred_at, e.event_id)
              TO STDOUT (FORMAT csv)
            """;

    private final CopyConnections connections;
    private final Scheduler scheduler;

    @Autowired
    DayCsv(CopyConnections connections, Scheduler dayCsvScheduler) {
        this.connections = connections;
        this.scheduler = dayCsvScheduler;
    }

    /** Reads every day from {@code primary}. */
    DayCsv(HikariDataSource primary, Scheduler dayCsvScheduler) {
        this(CopyConnections.primaryOnly(primary), dayCsvScheduler);
    }

    /** The day's file as upload parts cut by {@code csv}, ending with the {@link Part.Last} that carries its summary. */
    Flux<Part> parts(String companyId, LocalDate day, CsvParts csv) {
        return Flux.using(
                        () -> DayCopy.start(connections.open(companyId, day), companyId, day),
                        copy -> Flux.<Part>generate(sink -> copy.nextPart(csv, sink)),
                        DayCopy::close)
                .subscribeOn(scheduler)
                // a cancelled upload closes the copy on the same pool as the reads, never on an event-loop thread
                .cancelOn(scheduler);
    }

    /**
     * One running COPY on its own pooled connection; the reads and the close never overlap. A COPY that ran to its
     * end hands its connection back to the pool; one cut short (an upload failure, a timeout) takes its connection
     * out of the pool and closes it, which ends the COPY on the server: the protocol state of a half-read COPY is not
     * worth saving, and the pool's slot must come back either way.
     */
    private static final class DayCopy {

        private final HikariDataSource pool;
        private final Connection connection;
        private final CopyOut copy;
        private boolean done;
        private boolean closed;

        private DayCopy(HikariDataSource pool, Connection connection, CopyOut copy) {
            this.pool = pool;
            this.connection = connection;
            this.copy = copy;
        }

        static DayCopy start(CopyConnections.CopyConnection opened, String companyId, LocalDate day)
                throws SQLException {
            HikariDataSource pool = opened.pool();
            Connection connection = opened.connection();
            try {
                connection.setAutoCommit(false);
                connection.setReadOnly(true);
                try (PreparedStatement parameters = connection.prepareStatement(PARAMETERS)) {
                    parameters.setString(1, companyId);
                    parameters.setString(2, day.toString());
                    parameters.execute();
                }
                return new DayCopy(
                        pool,
                        connection,
                        connection.unwrap(PGConnection.class).getCopyAPI().copyOut(COPY));
            } catch (SQLException | RuntimeException e) {
                pool.evictConnection(connection);
                throw e;
            }
        }

        synchronized void nextPart(CsvParts csv, SynchronousSink<Part> sink) {
            if (done || closed) {
                sink.complete();
                return;
            }
            try {
                for (byte[] line = copy.readFromCopy(); line != null; line = copy.readFromCopy()) {
                    Part.Middle part = csv.add(line);
                    if (part != null) {
                        sink.next(part);
                        return;
                    }
                }
                done = true;
                sink.next(csv.finish());
                sink.complete();
            } catch (SQLException e) {
                sink.error(e);
            }
        }

        synchronized void close() {
            closed = true;
            if (!done || copy.isActive()) {
                log.debug("dropping the connection of a day copy cut short");
                pool.evictConnection(connection);
                return;
            }
            try (connection) {
                connection.rollback(); // read-only: nothing to keep
            } catch (SQLException e) {
                log.debug("closing a finished day copy: {}", e.getMessage());
            }
        }
    }
}

package io.securityexport.export.day;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.securityexport.export.WorkerProperties;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a day's COPY reads from: the primary's pool, or — when a read replica is configured — the replica, once it is
 * known to hold every row the day will ever have.
 * <p>
 * <b>The replay check.</b> By the midnight rule ({@code DaySettlement}) every row of day D was committed on the
 * primary before D settled, and a job of D starts after that. So the primary's durable WAL position read now,
 * {@code pg_current_wal_flush_lsn()}, lies at or past the commit record of every row of D, and a standby whose
 * {@code pg_last_wal_replay_lsn()} has reached it has applied all of them: a snapshot taken there afterwards sees the
 * day exactly as the primary would. Why these functions:
 * <ul>
 *   <li>not {@code pg_last_xact_replay_timestamp()}: it is the time of the last <em>transaction</em> replayed, which
 *       on an idle primary stays old forever although the replica is fully caught up (and it would compare clocks of
 *       two machines);</li>
 *   <li>not {@code pg_current_wal_insert_lsn()}: records inserted but not yet flushed (a page pruned by a read, an
 *       open transaction's rows) can sit on an idle primary until some later commit flushes them, and a replica only
 *       ever receives flushed WAL, so it could wait for them in vain. The flush position is exactly what the primary
 *       streams, so a healthy replica always reaches it;</li>
 *   <li>the flush position covers every commit of D: a commit under {@code synchronous_commit=on} (PostgreSQL's
 *       default, and the ingest service's) is flushed before it returns; one under {@code off} is flushed by the WAL
 *       writer within three {@code wal_writer_delay}s (0.6 s by default), long before D settles. Only the export of a
 *       day not yet settled (today's, on request) could miss an asynchronous commit of the last instant, which a read
 *       of the primary started a moment earlier would miss as well.</li>
 * </ul>
 * The replica is asked on the very connection that then runs the COPY, so the answer holds for that server even
 * behind a multi-host URL; replay only moves forward, so the COPY's snapshot (taken later) sees at least as much.
 * Cost per day: one tiny query on the primary and one on the replica while it is caught up (the usual case); while
 * it is behind, one more every {@code pollInterval}, for at most {@code maxWait}. The target is not cached across
 * jobs: a cached position would need this worker to know the settle delay, and one query is cheaper than that risk.
 * <p>
 * Whenever the replica cannot promise that — it is still behind after {@code maxWait}, it is unreachable, or it is
 * not a standby at all (then the positions would not be comparable) — the day is read from the primary, which is
 * what the worker does without a replica: a replica never fails an export, nor delays it by more than
 * {@code maxWait}. Each such day logs one WARN and counts in {@code export_replica_fallbacks_total{reason}}; days
 * served by the replica count in {@code export_replica_reads_total}, and {@code export_replica_lag_bytes} is how far
 * the replica was behind at the latest check. After a fallback, the days starting within {@code skipAfterFallback}
 * go to the primary straight away ({@code reason="recent_fallback"}), so that a replica down or far behind does not
 * hold every day of the midnight fan-out for {@code maxWait}.
 */
final class CopyConnections implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CopyConnections.class);

    private static final String PRIMARY_POSITION = "SELECT pg_current_wal_flush_lsn()::text";

    /**
     * Bytes of WAL the replica still has to replay to reach the position; NULL when it is not a standby (any more:
     * a promoted replica keeps answering the position where its recovery ended).
     */
    private static final String REPLICA_BEHIND_BY = "SELECT CASE WHEN pg_is_in_recovery()"
            + " THEN pg_wal_lsn_diff(?::pg_lsn, pg_last_wal_replay_lsn())::bigint END";

    /** A pooled connection for one day's COPY, and the pool to give it back to (or evict it from). */
    record CopyConnection(HikariDataSource pool, Connection connection) {}

    private final HikariDataSource primary;
    private final HikariDataSource replica;
    private final WorkerProperties.Replica settings;
    private final Counter replicaReads;
    private final MeterRegistry meters;
    private final AtomicLong lagBytes = new AtomicLong();

    /** {@link System#nanoTime()} until which days skip the replica after a fallback; null = not skipping. */
    private volatile Long skipUntil;

    private CopyConnections(
            HikariDataSource primary,
            HikariDataSource replica,
            WorkerProperties.Replica settings,
            MeterRegistry meters) {
        this.primary = primary;
        this.replica = replica;
        this.settings = settings;
        this.meters = meters;
        this.replicaReads = replica == null ? null : meters.counter("export.replica.reads");
        if (replica != null) {
            Gauge.builder("export.replica.lag", lagBytes, AtomicLong::get)
                    .baseUnit("bytes")
                    .description("how far the replica was behind the primary's WAL position at the latest day's check")
                    .register(meters);
        }
    }

    /** Every day is read from {@code primary}. */
    static CopyConnections primaryOnly(HikariDataSource primary) {
        return new CopyConnections(primary, null, WorkerProperties.Replica.NONE, null);
    }

    /** Days are read from {@code replica} when it has replayed far enough, else from {@code primary}. */
    static CopyConnections withReplica(
            HikariDataSource primary,
            HikariDataSource replica,
            WorkerProperties.Replica settings,
            MeterRegistry meters) {
        return new CopyConnections(primary, replica, settings, meters);
    }

    /**
     * A connection to COPY the company-day from. Blocks (on the caller's bounded COPY thread) for at most
     * {@code maxWait} while the replica catches up; fails only when the primary cannot be reached.
     */
    CopyConnection open(String companyId, LocalDate day) throws SQLException {
        if (replica == null) {
            return new CopyConnection(primary, primary.getConnection());
        }
        if (skipping()) {
            meters.counter("export.replica.fallbacks", "reason", "recent_fallback")
                    .increment();
            log.debug(
                    "companyId={} day={} is read from the primary: the replica failed a day just now", companyId, day);
            return new CopyConnection(primary, primary.getConnection());
        }
        String position = primaryPosition();
        // a bound on waiting, not a business time: the monotonic clock, immune to a test's or NTP's clock changes
        long deadline = System.nanoTime() + settings.maxWait().toNanos();
        Connection connection;
        try {
            connection = replica.getConnection();
        } catch (SQLException e) {
            return fallBack("unreachable", companyId, day, "the replica could not be reached: " + e.getMessage());
        }
        try {
            Long behind = waitForReplay(connection, position, deadline);
            if (behind == null) {
                replica.evictConnection(connection);
                return fallBack("not_a_standby", companyId, day, "the replica is not in recovery (not a standby)");
            }
            if (behind > 0) {
                replica.evictConnection(connection);
                return fallBack(
                        "behind",
                        companyId,
                        day,
                        "the replica was still " + behind + " bytes of WAL behind " + position + " after "
                                + settings.maxWait());
            }
            replicaReads.increment();
            return new CopyConnection(replica, connection);
        } catch (SQLException e) {
            replica.evictConnection(connection);
            return fallBack("unreachable", companyId, day, "the replica failed its replay check: " + e.getMessage());
        } catch (InterruptedException e) {
            replica.evictConnection(connection);
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for the replica", e);
        }
    }

    /** The primary's durable WAL position now, which is after the day settled (see the class comment). */
    private String primaryPosition() throws SQLException {
        try (Connection connection = primary.getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(PRIMARY_POSITION)) {
            row.next();
            return row.getString(1);
        }
    }

    /**
     * Asks the replica how far it is behind {@code position} until it is not, or until the deadline: the last answer
     * (0 or less = caught up; null = not a standby). A blocking wait on purpose: it holds the COPY thread and pool slot
     * of this one export, which the COPY would hold anyway, for at most {@code maxWait}.
     */
    private Long waitForReplay(Connection connection, String position, long deadline)
            throws SQLException, InterruptedException {
        try (PreparedStatement check = connection.prepareStatement(REPLICA_BEHIND_BY)) {
            check.setString(1, position);
            while (true) {
                Long behind = behindBy(check);
                if (behind == null) {
                    return null;
                }
                lagBytes.set(Math.max(0, behind));
                if (behind <= 0 || System.nanoTime() + settings.pollInterval().toNanos() - deadline >= 0) {
                    return behind;
                }
                Thread.sleep(settings.pollInterval().toMillis());
            }
        }
    }

    private static Long behindBy(PreparedStatement check) throws SQLException {
        try (ResultSet row = check.executeQuery()) {
            row.next();
            long behind = row.getLong(1);
            return row.wasNull() ? null : behind;
        }
    }

    private boolean skipping() {
        Long until = skipUntil;
        return until != null && System.nanoTime() - until < 0;
    }

    private CopyConnection fallBack(String reason, String companyId, LocalDate day, String why) throws SQLException {
        skipUntil = System.nanoTime() + settings.skipAfterFallback().toNanos();
        meters.counter("export.replica.fallbacks", "reason", reason).increment();
        log.warn(
                "companyId={} day={} is read from the primary: {}{}",
                companyId,
                day,
                why,
                settings.skipAfterFallback().isZero()
                        ? ""
                        : "; days starting in the next " + settings.skipAfterFallback() + " skip the replica");
        return new CopyConnection(primary, primary.getConnection());
    }

    /** Closes the replica's pool, which is this object's own; the primary's is not. */
    @Override
    public void close() {
        if (replica != null) {
            replica.close();
        }
    }
}

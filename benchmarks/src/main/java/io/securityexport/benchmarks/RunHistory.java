package io.securityexport.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** What the config service's run history (schema config) says about one day's midnight runs. */
final class RunHistory {

    private final Connection connection;

    RunHistory(Connection connection) {
        this.connection = connection;
    }

    record Progress(int succeeded, int failed) {}

    /**
     * The day's runs as the history shows them once all succeeded. Instants are on the services' shared clock, so
     * they line up with the moment the round began. "Small" is every company but the giant.
     *
     * @param jobs runs of the day, of any trigger or status
     * @param companies distinct companies among them
     * @param withAllRows succeeded scheduled runs of small companies whose file holds every event of the company-day
     * @param giantRows rows of the giant's succeeded run, -1 without one
     * @param medianJobMillis median of finished - started (the history's duration_millis) of the small companies' runs
     * @param lastSmallFinished when the last small company's file was written
     * @param lastFinished when the last file of all was written
     */
    record Day(
            int jobs,
            int companies,
            int withAllRows,
            long giantRows,
            double medianJobMillis,
            double p90JobMillis,
            Instant firstRequested,
            Instant lastPublished,
            Instant firstStarted,
            Instant lastSmallFinished,
            Instant lastFinished) {}

    Progress progress(LocalDate day) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT count(*) FILTER (WHERE status = 'SUCCEEDED'), count(*) FILTER (WHERE status = 'FAILED')
                  FROM config.export_runs WHERE day = ?""")) {
            query.setObject(1, day);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return new Progress(row.getInt(1), row.getInt(2));
            }
        }
    }

    Day day(LocalDate day, long eventsPerCompany) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT count(*), count(DISTINCT company_id),
                       count(*) FILTER (WHERE status = 'SUCCEEDED' AND trigger = 'SCHEDULED' AND rows = ?
                                          AND company_id <> ?),
                       coalesce(max(rows) FILTER (WHERE status = 'SUCCEEDED' AND company_id = ?), -1),
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - started_at) * 1000)
                           FILTER (WHERE company_id <> ?),
                       percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - started_at) * 1000)
                           FILTER (WHERE company_id <> ?),
                       min(requested_at), max(published_at), min(started_at),
                       max(finished_at) FILTER (WHERE company_id <> ?), max(finished_at)
                  FROM config.export_runs WHERE day = ?""")) {
            query.setLong(1, eventsPerCompany);
            for (int parameter = 2; parameter <= 6; parameter++) {
                query.setString(parameter, FanOutData.GIANT);
            }
            query.setObject(7, day);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return new Day(
                        row.getInt(1),
                        row.getInt(2),
                        row.getInt(3),
                        row.getLong(4),
                        row.getDouble(5),
                        row.getDouble(6),
                        instant(row, 7),
                        instant(row, 8),
                        instant(row, 9),
                        instant(row, 10),
                        instant(row, 11));
            }
        }
    }

    /**
     * Makes the day's midnight happen again: the given companies switched on and every other one off, the day's runs
     * forgotten and its "scheduled" mark removed, so that the service's next scheduling round creates every enabled
     * company's run anew (the clock is already past the day's settle time). One day's data serves every round.
     */
    void rerun(LocalDate day, List<String> enabled) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (PreparedStatement settings = connection.prepareStatement(
                        "UPDATE config.export_settings SET enabled = (company_id = ANY (?))");
                PreparedStatement runs = connection.prepareStatement("DELETE FROM config.export_runs WHERE day = ?");
                PreparedStatement mark =
                        connection.prepareStatement("DELETE FROM config.scheduled_days WHERE day = ?")) {
            settings.setArray(1, connection.createArrayOf("text", enabled.toArray()));
            settings.executeUpdate();
            runs.setObject(1, day);
            runs.executeUpdate();
            mark.setObject(1, day);
            mark.executeUpdate();
            connection.commit();
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** Company, error code and message of each failed run of the day, for the report of a broken round. */
    List<String> failures(LocalDate day) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT company_id, error_code, error_message FROM config.export_runs WHERE day = ? AND status = 'FAILED'"
                        + " ORDER BY company_id LIMIT 10")) {
            query.setObject(1, day);
            List<String> failures = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    failures.add(row.getString(1) + ": " + row.getString(2) + " " + row.getString(3));
                }
            }
            return failures;
        }
    }

    /**
     * The day before as a production history would show it: every company's day delivered, the small ones with
     * their events, the giant with its rows. The scheduler reads the sizes from here (smallest first).
     */
    void delivered(LocalDate day, int events, int giantRows) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO config.export_runs (job_id, company_id, day, trigger, status, requested_at, published_at,
                       started_at, finished_at, rows)
                SELECT gen_random_uuid(), company_id, ?, 'SCHEDULED', 'SUCCEEDED', now(), now(), now(), now(),
                       CASE WHEN company_id = ? THEN ? ELSE ? END
                  FROM config.export_settings""")) {
            insert.setObject(1, day);
            insert.setString(2, FanOutData.GIANT);
            insert.setLong(3, giantRows);
            insert.setLong(4, events);
            insert.executeUpdate();
        }
    }

    /** Marks the day as scheduled, so that the service's scheduling loop leaves it alone until {@link #rerun}. */
    void markScheduled(LocalDate day) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO config.scheduled_days (day, scheduled_at) VALUES (?, now())")) {
            insert.setObject(1, day);
            insert.executeUpdate();
        }
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        Timestamp timestamp = row.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}

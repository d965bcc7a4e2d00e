package io.securityexport.benchmarks.soak;

import io.securityexport.benchmarks.soak.SoakLedger.CompanyDay;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * The config service's run history (config.export_runs, written from the workers' results) as the reconciliation
 * needs it: for each company-day, its latest SUCCEEDED run of any trigger. Read with plain JDBC, once, at the end.
 */
final class LatestSucceededRuns {

    /** @param sha256 lower-case hex SHA-256 of the object the run wrote; null if the run recorded none */
    record Run(String jobId, String sha256, String objectKey) {}

    // latest by when it finished: a backfill after the midnight run replaces the object, and its digest is the one
    // the stored object must have
    private static final String LATEST = """
            SELECT DISTINCT ON (company_id, day) company_id, day, job_id, sha256, object_key
              FROM config.export_runs
             WHERE status = 'SUCCEEDED'
             ORDER BY company_id, day, finished_at DESC NULLS LAST, requested_at DESC
            """;

    private LatestSucceededRuns() {}

    static Map<CompanyDay, Run> read(String jdbcUrl, String user, String password) {
        Map<CompanyDay, Run> runs = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(LATEST)) {
            while (rows.next()) {
                runs.put(
                        new CompanyDay(rows.getString("company_id"), rows.getObject("day", LocalDate.class)),
                        new Run(rows.getString("job_id"), rows.getString("sha256"), rows.getString("object_key")));
            }
            return runs;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the run history at " + jdbcUrl, e);
        }
    }
}

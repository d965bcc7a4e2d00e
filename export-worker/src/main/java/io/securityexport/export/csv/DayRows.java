package io.securityexport.export.csv;

import io.r2dbc.spi.Readable;
import io.securityexport.common.csv.CsvRow;
import java.time.Instant;
import java.time.LocalDate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;

/**
 * Streams one company-day (by day of receipt) in file order. Rows arrive with backpressure, so memory does not
 * grow with the day's size. CurrentEmail is the user's email from the directory, or the developer ID when the
 * user is gone or unknown.
 */
@Repository
public class DayRows {

    private static final String QUERY = """
            SELECT e.occurred_at, e.actor_email, e.event_name, e.other_account, e.properties,
                   COALESCE(CASE WHEN u.deleted THEN NULL ELSE u.email END, e.actor_developer_id) AS current_email
              FROM ingest.security_events e
              LEFT JOIN ingest.dashboard_users u
                     ON u.developer_id = e.actor_developer_id AND u.company_id = e.company_id
             WHERE e.company_id = $1 AND e.received_day = $2
             ORDER BY e.occurred_at, e.event_id
            """;

    private final DatabaseClient database;

    DayRows(DatabaseClient database) {
        this.database = database;
    }

    public Flux<CsvRow> of(String companyId, LocalDate day) {
        return database.sql(QUERY)
                .bind(0, companyId)
                .bind(1, day)
                .map(DayRows::row)
                .all();
    }

    private static CsvRow row(Readable row) {
        return CsvRow.of(
                row.get("occurred_at", Instant.class),
                row.get("actor_email", String.class),
                row.get("current_email", String.class),
                row.get("event_name", String.class),
                row.get("other_account", String.class),
                row.get("properties", String.class));
    }
}

package io.securityexport.e2e;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * A company-day of generated events written straight into the ingest table (fast, for days of many parts), and the
 * file the contract promises for them, built here independently of the worker: header, rows in CreatedAt order,
 * RFC 4180 quoting, LF endings. Row g (1…rows) occurred at 2026-11-01T00:00:00Z + g ms, so the file order is g's;
 * every other row has an other account; every JSON property holds commas and quotes; no user is in the directory, so
 * CurrentEmail is the developer ID. About 190 bytes a row.
 */
record GeneratedDay(String company, LocalDate day, int rows) {

    static final String HEADER =
            "CreatedAt,EmailAtTimeOfEvent,CurrentEmail,EventName,OtherAccount,JsonProperties,Version\n";
    private static final Instant FIRST = Instant.parse("2026-11-01T00:00:00Z");
    private static final DateTimeFormatter CREATED_AT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** Inserts the rows, once the ingest service has created its table (and the day's partition exists). */
    void insert(Connection connection) throws SQLException {
        await().atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> connection.createStatement().executeQuery("SELECT 1 FROM ingest.security_events LIMIT 1")
                        != null);
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO ingest.security_events (received_day, company_id, event_id, received_at, occurred_at,
                                                    event_name, actor_developer_id, actor_email, other_account, properties)
                SELECT ?::date, ?, 'e-' || g, now(), timestamptz '2026-11-01T00:00:00Z' + g * interval '1 millisecond',
                       'Signed In', 'dev-' || (g % 50), 'user' || (g % 50) || '@acme.io',
                       CASE WHEN g % 2 = 0 THEN 'peer' || g || '@acme.io' END,
                       '{"ip":"203.0.113.' || (g % 255) || '","agent":"Mozilla/5.0 (X11, Linux)","session":"'
                           || md5(g::text) || '","seq":' || g || '}'
                  FROM generate_series(1, ?) AS g""")) {
            insert.setString(1, day.toString());
            insert.setString(2, company);
            insert.setInt(3, rows);
            insert.executeUpdate();
        }
    }

    /** The header and one line per row. */
    byte[] expectedCsv() {
        ByteArrayOutputStream csv = new ByteArrayOutputStream(rows * 200);
        csv.writeBytes(HEADER.getBytes(StandardCharsets.UTF_8));
        for (int g = 1; g <= rows; g++) {
            csv.writeBytes(line(g).getBytes(StandardCharsets.UTF_8));
        }
        return csv.toByteArray();
    }

    /** Row g as the file holds it, with its LF. */
    static String line(int g) {
        return CREATED_AT.format(FIRST.plusMillis(g)) + ",user" + (g % 50) + "@acme.io,dev-" + (g % 50) + ",Signed In,"
                + (g % 2 == 0 ? "peer" + g + "@acme.io" : "")
                + ",\"{\"\"ip\"\":\"\"203.0.113." + (g % 255) + "\"\",\"\"agent\"\":\"\"Mozilla/5.0 (X11, Linux)\"\","
                + "\"\"session\"\":\"\"" + md5(g) + "\"\",\"\"seq\"\":" + g + "}\",1\n";
    }

    private static String md5(int g) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("MD5")
                            .digest(Integer.toString(g).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }
}

package io.securityexport.benchmarks;

import io.securityexport.common.event.SecurityEvent;
import io.securityexport.common.secret.SealedSecret;
import io.securityexport.common.secret.SecretKeyring;
import io.securityexport.common.secret.SecretValue;
import io.securityexport.testsupport.AccessKey;
import io.securityexport.testsupport.S3Server;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The fan-out's companies and their days, written straight into the two schemas (not timed, not the point): each
 * company's export settings with its own S3 key, sealed exactly as the config service seals it, and for each day
 * the same small set of realistic events per company, COPY'd into that day's ingest partition.
 */
final class FanOutData {

    static final String FOLDER = "security-events";
    /** The large tenant of "midnight with a giant": a company the synthetic events never name. */
    static final String GIANT = "giant-co";

    private static final long SEED = 7;
    private static final AccessKey GIANT_KEY =
            new AccessKey("AKIAFANOUTGIANT00001", "fanoutgiantsecret00000000000000000000001");

    private final int companies;
    private final int eventsPerCompany;
    private final String bucket;

    FanOutData(int companies, int eventsPerCompany, String bucket) {
        this.companies = companies;
        this.eventsPerCompany = eventsPerCompany;
        this.bucket = bucket;
    }

    int companies() {
        return companies;
    }

    int eventsPerCompany() {
        return eventsPerCompany;
    }

    String bucket() {
        return bucket;
    }

    Stream<String> companyIds() {
        return IntStream.range(0, companies).mapToObj(this::companyId);
    }

    /** The synthetic events' own company IDs, so that every event belongs to a configured company. */
    private String companyId(int index) {
        return events(LocalDate.EPOCH).companyOf(index);
    }

    /**
     * Enabled, access-key settings for every company, each with its own key registered with the S3 server. A direct
     * insert rather than the API's PUT: 2,000 PUTs would each test credentials and publish an audit event, which is
     * set-up, not fan-out. Sealing goes through the same {@link SecretKeyring} the services use, so a wrong seal would
     * fail every export of the benchmark.
     */
    void createCompanies(Connection connection, S3Server s3, SecretKeyring keyring) throws SQLException {
        s3.createBucket(bucket);
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO config.export_settings (company_id, enabled, bucket, region, folder_path, sse_aes256,
                       credential_method, access_key_id, secret_key_version, secret_ciphertext, version, updated_at)
                VALUES (?, true, ?, 'us-east-1', ?, false, 'ACCESS_KEY', ?, ?, ?, 1, now())""")) {
            for (int index = 0; index < companies; index++) {
                addCompany(insert, s3, keyring, companyId(index), keyFor(index));
            }
            addCompany(insert, s3, keyring, GIANT, GIANT_KEY);
            insert.executeBatch();
        }
    }

    private void addCompany(
            PreparedStatement insert, S3Server s3, SecretKeyring keyring, String companyId, AccessKey key)
            throws SQLException {
        s3.registerKey(key);
        SealedSecret sealed = keyring.seal(new SecretValue(key.secretAccessKey()), companyId);
        insert.setString(1, companyId);
        insert.setString(2, bucket);
        insert.setString(3, FOLDER);
        insert.setString(4, key.accessKeyId());
        insert.setInt(5, sealed.keyVersion());
        insert.setBytes(6, sealed.nonceAndCiphertext());
        insert.addBatch();
    }

    /** The day's partition, then every company's events received that day (the same events on every day). */
    void loadDay(Connection connection, LocalDate day) throws SQLException {
        connection
                .createStatement()
                .execute("CREATE TABLE ingest.security_events_" + day.toString().replace('-', '_')
                        + " PARTITION OF ingest.security_events FOR VALUES FROM ('" + day + "') TO ('" + day.plusDays(1)
                        + "')");
        SyntheticEvents generator = events(day);
        CopyIn copy = connection
                .unwrap(PGConnection.class)
                .getCopyAPI()
                .copyIn(
                        "COPY ingest.security_events (received_day, company_id, event_id, received_at, occurred_at, event_name,"
                                + " actor_developer_id, actor_email, other_account, properties) FROM STDIN WITH (FORMAT csv)");
        StringBuilder chunk = new StringBuilder(1 << 20);
        for (int index = 0; index < companies * eventsPerCompany; index++) {
            appendRow(chunk, day, generator.event(index));
            if (chunk.length() > (1 << 20) - 4096) {
                write(copy, chunk);
            }
        }
        write(copy, chunk);
        copy.endCopy();
        connection.createStatement().execute("ANALYZE ingest.security_events");
    }

    /**
     * The giant's day: {@code rows} events of one company (10 ms apart, 500 dashboard users), generated by PostgreSQL
     * itself, which is faster than sending them; the same shape as the export benchmark's day. A giant of 0 rows stays
     * a company with an empty day.
     */
    void loadGiant(Connection connection, LocalDate day, int rows) throws SQLException {
        connection.createStatement().execute("""
                INSERT INTO ingest.security_events (received_day, company_id, event_id, received_at, occurred_at,
                       event_name, actor_developer_id, actor_email, other_account, properties)
                SELECT '%1$s', '%2$s', 'giant-' || g, timestamptz '%1$sT00:00:01Z' + g * interval '10 millisecond',
                       timestamptz '%1$sT00:00:00Z' + g * interval '10 millisecond',
                       (ARRAY['Signed In','Failed Login','Added REST API key','Developer Updated','Exported data to CSV'])[1 + g %% 5],
                       'dev-' || (g %% 500), 'developer' || (g %% 500) || '@giant.example',
                       CASE WHEN g %% 10 = 0 THEN 'teammate' || (g %% 50) || '@example.com' END,
                       '{"ip":"203.0.113.' || (g %% 256) || '","userAgent":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36","sessionId":"' || md5(g::text) || '"}'
                  FROM generate_series(1, %3$d) g""".formatted(day, GIANT, rows));
        connection.createStatement().execute("VACUUM ANALYZE ingest.security_events");
    }

    /** Events a millisecond apart from the day's start, received a second after they occurred; event i is company i mod N's. */
    private SyntheticEvents events(LocalDate day) {
        return new SyntheticEvents(
                SEED, companies, day.atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    private static void appendRow(StringBuilder chunk, LocalDate day, SecurityEvent event) {
        chunk.append(day)
                .append(',')
                .append(quoted(event.companyId()))
                .append(',')
                .append(quoted(event.eventId()))
                .append(',')
                .append(event.occurredAt().plusSeconds(1))
                .append(',')
                .append(event.occurredAt())
                .append(',')
                .append(quoted(event.eventName()))
                .append(',')
                .append(quoted(event.actor().developerId()))
                .append(',')
                .append(quoted(event.actor().email()))
                .append(',')
                .append(event.otherAccount() == null ? "" : quoted(event.otherAccount()))
                .append(',')
                .append(quoted(event.properties()))
                .append('\n');
    }

    private static void write(CopyIn copy, StringBuilder chunk) throws SQLException {
        byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        chunk.setLength(0);
    }

    private static String quoted(String value) {
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    /** A fixed, well-formed key per company: AKIA + 16 characters, 40-character secret. */
    private static AccessKey keyFor(int index) {
        return new AccessKey("AKIAFANOUT%010d".formatted(index), "fanoutsecret%028d".formatted(index));
    }
}

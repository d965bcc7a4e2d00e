package io.securityexport.export.day;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.securityexport.common.csv.CsvRow;
import io.securityexport.common.csv.SecurityEventCsv;
import io.securityexport.testsupport.Infrastructure;
import io.securityexport.testsupport.PostgresServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.SequenceWriter;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * The worker's file is PostgreSQL's CSV ({@link DayCsv}); CSV v1 is defined by the contract and by the Jackson writer
 * in {@code common}. Here both produce the same day from rows full of what breaks naive CSV, and must agree byte for
 * byte; a standard CSV reader must then give back every value exactly.
 */
class CsvV1ConformanceIntegrationTest {

    private static final PostgresServer POSTGRES = Infrastructure.shared().postgres();
    private static final String COMPANY = "csv-conformance-co";
    private static final LocalDate DAY = LocalDate.parse("2026-03-01");
    private static final List<String> AWKWARD = List.of(
            "plain",
            "comma, inside",
            "quote \" inside",
            "\"fully quoted\"",
            "line\nbreak",
            "carriage\rreturn",
            "crlf\r\nend",
            " leading space",
            "trailing space ",
            "tab\tinside",
            "#starts with hash",
            "\\. alone",
            "\\N",
            "NULL",
            "semi;colon",
            "'single'",
            "日本語のテキスト",
            "한국어 텍스트",
            "emoji 😀🔐",
            "ünïcödé",
            "{\"k\":\"v,w\",\"q\":\"\\\"x\\\"\",\"n\":null}",
            "=SUM(A1:A2)",
            "   ");

    private static HikariDataSource dataSource;
    private static final List<Event> EVENTS = new ArrayList<>();

    record Event(
            String eventId,
            Instant occurredAt,
            String developerId,
            String email,
            String eventName,
            String otherAccount,
            String properties) {}

    @BeforeAll
    static void aDayOfAwkwardEvents() throws SQLException {
        String database = POSTGRES.createDatabase("csvconformance");
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(POSTGRES.jdbcUrl(database));
        pool.setUsername(POSTGRES.username());
        pool.setPassword(POSTGRES.password());
        pool.setMaximumPoolSize(2);
        dataSource = new HikariDataSource(pool);
        Flyway.configure()
                .dataSource(dataSource)
                .schemas("ingest")
                .defaultSchema("ingest")
                // the ingest service's own migrations, read from its sources (Maven runs tests in the module folder)
                .locations("filesystem:../ingest-service/src/main/resources/db/migration/ingest")
                .load()
                .migrate();
        Instant base = Instant.parse("2026-03-01T08:00:00Z");
        for (int i = 0; i < AWKWARD.size(); i++) {
            String value = AWKWARD.get(i);
            // same instant for pairs, so the event ID decides their order; microseconds are cut, not rounded
            Instant occurredAt = base.plusSeconds(i / 2).plusNanos(999_999_000L - (i / 2) * 1000L);
            EVENTS.add(new Event(
                    "evt-" + (char) ('z' - i),
                    occurredAt,
                    "dev-" + (i % 4),
                    value + "@example.com",
                    "Event " + value,
                    i % 3 == 0 ? null : value,
                    i % 5 == 0 ? null : value));
        }
        EVENTS.add(new Event("evt-empty", base.plusSeconds(100), "dev-gone", "x@example.com", "Signed In", "", ""));
        EVENTS.add(new Event(
                "evt-zero", Instant.parse("2026-03-01T00:00:00Z"), "dev-1", "y@example.com", "Signed In", null, null));
        try (Connection connection = dataSource.getConnection()) {
            connection
                    .createStatement()
                    .execute("CREATE TABLE ingest.security_events_conformance "
                            + "PARTITION OF ingest.security_events FOR VALUES FROM ('" + DAY + "') TO ('"
                            + DAY.plusDays(1) + "')");
            connection.createStatement().execute("""
                    INSERT INTO ingest.dashboard_users (developer_id, company_id, email, deleted, updated_at) VALUES
                      ('dev-0', 'csv-conformance-co', 'now, "quoted"@example.com', false, now()),
                      ('dev-1', 'csv-conformance-co', 'deleted@example.com', true, now()),
                      ('dev-2', 'another-company', 'not-ours@example.com', false, now())
                    """);
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO ingest.security_events (received_day, company_id, event_id, received_at, occurred_at,
                        event_name, actor_developer_id, actor_email, other_account, properties)
                    VALUES (?, ?, ?, now(), ?, ?, ?, ?, ?, ?)
                    """)) {
                for (Event event : EVENTS) {
                    insert.setObject(1, DAY);
                    insert.setString(2, COMPANY);
                    insert.setString(3, event.eventId());
                    insert.setTimestamp(4, Timestamp.from(event.occurredAt()));
                    insert.setString(5, event.eventName());
                    insert.setString(6, event.developerId());
                    insert.setString(7, event.email());
                    insert.setString(8, event.otherAccount());
                    insert.setString(9, event.properties());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
    }

    @Test
    void postgresFormatsTheDayExactlyAsTheCsvV1WriterDoesAndEveryValueSurvivesAReader() throws IOException {
        List<Part> cut = new DayCsv(dataSource, Schedulers.boundedElastic())
                .parts(COMPANY, DAY, parts(false))
                .collectList()
                .block();
        assertThat(cut).as("a 64-byte part size cuts the day into many parts").hasSizeGreaterThan(10);
        byte[] file = concat(cut);

        assertThat(new String(file, StandardCharsets.UTF_8)).isEqualTo(new String(expected(), StandardCharsets.UTF_8));
        FileSummary summary = summaryOf(cut);
        assertThat(summary.rows()).isEqualTo(EVENTS.size());
        assertThat(summary.bytes()).isEqualTo(file.length);
        assertThat(summary.sha256()).isEqualTo(sha256(file));

        CsvMapper csv = CsvMapper.builder().build();
        try (MappingIterator<Map<String, String>> lines = csv.readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader())
                .readValues(file)) {
            List<Map<String, String>> read = lines.readAll();
            List<Event> ordered = inFileOrder();
            assertThat(read).hasSize(ordered.size());
            for (int i = 0; i < ordered.size(); i++) {
                assertThat(read.get(i).get("EventName"))
                        .isEqualTo(ordered.get(i).eventName());
                assertThat(read.get(i).get("EmailAtTimeOfEvent"))
                        .isEqualTo(ordered.get(i).email());
                assertThat(read.get(i).get("OtherAccount"))
                        .isEqualTo(nullToEmpty(ordered.get(i).otherAccount()));
                assertThat(read.get(i).get("JsonProperties"))
                        .isEqualTo(nullToEmpty(ordered.get(i).properties()));
            }
        }
    }

    @Test
    void aGzippedDayUnpacksToTheSameFileAndItsDigestIsTheObjects() throws IOException {
        List<Part> gzipped = readParts(parts(true));
        byte[] object = concat(gzipped);

        try (GZIPInputStream unpacked = new GZIPInputStream(new ByteArrayInputStream(object))) {
            assertThat(unpacked.readAllBytes()).isEqualTo(expected());
        }
        assertThat(summaryOf(gzipped).bytes()).isEqualTo(object.length);
        assertThat(summaryOf(gzipped).sha256()).isEqualTo(sha256(object));
    }

    @Test
    void anEmptyDayIsTheHeaderAlone() {
        List<Part> read = new DayCsv(dataSource, Schedulers.boundedElastic())
                .parts("company-without-events", DAY, parts(false))
                .collectList()
                .block();

        assertThat(read).singleElement().isInstanceOf(Part.Last.class);
        assertThat(new String(read.get(0).bytes(), StandardCharsets.UTF_8)).isEqualTo(SecurityEventCsv.HEADER);
        assertThat(summaryOf(read).rows()).isZero();
    }

    @Test
    void copiesCutShortGiveTheirPoolSlotsBackAndTheNextReadWorks() {
        for (int i = 0; i < 3; i++) { // more cuts than the pool has connections
            List<Part> first = new DayCsv(dataSource, Schedulers.boundedElastic())
                    .parts(COMPANY, DAY, parts(false))
                    .take(1)
                    .collectList()
                    .block();
            assertThat(first).hasSize(1);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> dataSource.getHikariPoolMXBean().getActiveConnections() == 0);
        }

        assertThat(concat(readParts(parts(false)))).isEqualTo(expected());
    }

    private static CsvParts parts(boolean gzip) {
        return new CsvParts(64, gzip, 64 * 1024);
    }

    private static List<Part> readParts(CsvParts parts) {
        return new DayCsv(dataSource, Schedulers.boundedElastic())
                .parts(COMPANY, DAY, parts)
                .collectList()
                .block();
    }

    private static FileSummary summaryOf(List<Part> parts) {
        assertThat(parts.subList(0, parts.size() - 1))
                .allSatisfy(part -> assertThat(part).isInstanceOf(Part.Middle.class));
        assertThat(parts.get(parts.size() - 1)).as("the last part says so").isInstanceOf(Part.Last.class);
        return ((Part.Last) parts.get(parts.size() - 1)).summary();
    }

    private static byte[] concat(List<Part> parts) {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        parts.forEach(part -> file.writeBytes(part.bytes()));
        return file.toByteArray();
    }

    private static byte[] expected() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SequenceWriter writer = SecurityEventCsv.writer(out)) {
            writer.init(true);
            for (Event event : inFileOrder()) {
                writer.write(CsvRow.of(
                        event.occurredAt(),
                        event.email(),
                        currentEmail(event),
                        event.eventName(),
                        event.otherAccount(),
                        event.properties()));
            }
        }
        return out.toByteArray();
    }

    private static String currentEmail(Event event) {
        return event.developerId().equals("dev-0") ? "now, \"quoted\"@example.com" : event.developerId();
    }

    private static List<Event> inFileOrder() {
        return EVENTS.stream()
                .sorted(Comparator.comparing(Event::occurredAt).thenComparing(Event::eventId))
                .toList();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

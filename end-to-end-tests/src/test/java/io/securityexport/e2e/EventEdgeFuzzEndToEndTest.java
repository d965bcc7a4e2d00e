package io.securityexport.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.securityexport.testsupport.DeadLetterTopic;
import io.securityexport.testsupport.DeadLetterTopic.DeadLetter;
import io.securityexport.testsupport.fuzz.GeneratedEvent;
import io.securityexport.testsupport.fuzz.HostileEvents;
import io.securityexport.testsupport.fuzz.JsonText;
import io.securityexport.testsupport.fuzz.SeedCorpus;
import io.securityexport.testsupport.fuzz.SeedCorpus.Seed;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import tools.jackson.databind.JsonNode;

/**
 * Parser → store → export, driven with generated hostile events (jqwik) and the seed corpus through the running
 * services: each record published with a real producer must either be in the dead-letter topic with a reason, or be
 * in the company's exported file byte for byte, as read back by an RFC 4180 reader nobody here wrote. Records made only
 * of accepted values must be in the file; records holding NUL or an unpaired surrogate must be dead-lettered. The
 * fixed budget is the number of tries (about 30 s of pipeline here).
 */
class EventEdgeFuzzEndToEndTest {

    private static final DateTimeFormatter CREATED_AT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    /** Saving the settings is itself an event of the company's day; it is not one of ours. */
    private static final String SETTINGS_SAVED = "Updated Security Event Cloud Export";

    private static final AtomicInteger COMPANIES = new AtomicInteger();

    private static final EndToEndSystem E2E = EndToEndSystem.named("edge-fuzz");

    @BeforeContainer
    static void startTheSystem() {
        E2E.start();
    }

    @AfterContainer
    static void stopTheSystem() {
        E2E.stop();
    }

    @Property(tries = 5, shrinking = ShrinkingMode.OFF)
    void everyRecordIsDeadLetteredWithAReasonOrExportedByteForByte(@ForAll("days") List<GeneratedEvent> events)
            throws Exception {
        String company = "fuzz-" + COMPANIES.incrementAndGet();
        E2E.system()
                .saveAccessKeySettings(
                        company,
                        E2E.bucket(),
                        E2E.customerKey().accessKeyId(),
                        E2E.customerKey().secretAccessKey(),
                        false);
        Instant base = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            values.add(events.get(i).json(company, base.plusSeconds(i)));
        }

        Outcome outcome = publishAndExport(company, values);

        List<GeneratedEvent> exported = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            GeneratedEvent event = events.get(i);
            DeadLetter letter = outcome.deadLetterOf(values.get(i));
            if (event.clean()) {
                assertThat(letter)
                        .as("an event of accepted values was dead-lettered: %s", letter)
                        .isNull();
            }
            if (event.holdsUnstorableText()) {
                assertThat(letter)
                        .as("NUL or an unpaired surrogate must be refused")
                        .isNotNull();
            }
            if (letter == null) {
                exported.add(event);
            }
        }
        assertThat(outcome.rows())
                .as("every record not dead-lettered is in the file, once")
                .hasSize(exported.size());
        for (int i = 0; i < exported.size(); i++) {
            assertRowIsTheEvent(
                    outcome.rows().get(i), exported.get(i), base.plusSeconds(events.indexOf(exported.get(i))));
        }
    }

    @Example
    void theSeedCorpusCrossesThePipelineWithItsPromisedOutcomes() throws Exception {
        String company = "fuzz-seeds";
        E2E.system()
                .saveAccessKeySettings(
                        company,
                        E2E.bucket(),
                        E2E.customerKey().accessKeyId(),
                        E2E.customerKey().secretAccessKey(),
                        false);
        List<Seed> seeds = SeedCorpus.securityEvents();
        List<byte[]> values =
                seeds.stream().map(seed -> forCompany(seed, company)).toList();

        Outcome outcome = publishAndExport(company, values);

        List<String> exported = new ArrayList<>();
        for (int i = 0; i < seeds.size(); i++) {
            DeadLetter letter = outcome.deadLetterOf(values.get(i));
            String reason = letter == null ? "VALID" : letter.reason();
            assertThat(reason).as(seeds.get(i).name()).isEqualTo(seeds.get(i).expected());
            if (letter == null) {
                exported.add(seeds.get(i).name());
            }
        }
        assertThat(outcome.rows()).hasSize(exported.size());
        assertThat(outcome.rows())
                .extracting(row -> row.get("EventName"))
                .contains("Updated Account Permission, \"admin\"\nscope", "Signed In \u202egnp.exe", "🔐".repeat(200));
        assertThat(outcome.rows())
                .extracting(row -> row.get("JsonProperties"))
                .contains(
                        "{\"ua\":\"curl\\u0000/8\"}",
                        "{\"a\":1E+400,\"b\":-9223372036854775809,\"c\":0.1000000000000000055511151231257827,\"d\":1.50,\"e\":4.9E-324}");
        assertThat(outcome.rows()).extracting(row -> row.get("CreatedAt")).contains("2026-11-19T23:59:59.999Z");
    }

    @Provide
    Arbitrary<List<GeneratedEvent>> days() {
        return HostileEvents.events().list().ofMinSize(30).ofMaxSize(120).uniqueElements(GeneratedEvent::eventId);
    }

    /** What came out of the pipeline for one company: its dead letters, and the rows of its file but the settings line. */
    private record Outcome(List<DeadLetter> deadLetters, List<CSVRecord> rows) {
        DeadLetter deadLetterOf(byte[] value) {
            return deadLetters.stream()
                    .filter(letter -> Arrays.equals(letter.value(), value))
                    .findFirst()
                    .orElse(null);
        }
    }

    private Outcome publishAndExport(String company, List<byte[]> values) throws Exception {
        publish(company, values);
        String dlt = E2E.system().topics.deadLetter();
        // every record is accounted for: stored (plus the settings event) or dead-lettered
        await().atMost(Duration.ofSeconds(90))
                .until(() -> stored(company)
                                - 1
                                + DeadLetterTopic.readAll(E2E.infrastructure().kafka(), dlt).stream()
                                        .filter(letter -> company.equals(letter.key()))
                                        .count()
                        == values.size());
        List<DeadLetter> letters = DeadLetterTopic.readAll(E2E.infrastructure().kafka(), dlt).stream()
                .filter(letter -> company.equals(letter.key()))
                .toList();
        assertThat(letters).allSatisfy(letter -> {
            assertThat(letter.reason()).isNotBlank();
            assertThat(letter.detail()).isNotBlank();
        });

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        JsonNode run = E2E.system().exportAndAwait(company, today);
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        byte[] object = E2E.infrastructure()
                .s3()
                .getObject(E2E.bucket(), run.get("objectKey").asString());
        assertThat(run.get("sha256").asString())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(object)));
        return new Outcome(letters, read(object));
    }

    private static void assertRowIsTheEvent(CSVRecord row, GeneratedEvent event, Instant base) {
        assertThat(row.get("CreatedAt")).isEqualTo(CREATED_AT.format(event.expectedOccurredAt(base)));
        assertThat(row.get("EmailAtTimeOfEvent")).isEqualTo(event.email());
        assertThat(row.get("CurrentEmail"))
                .as("no directory entry: the developer ID")
                .isEqualTo(event.developerId());
        assertThat(row.get("EventName")).isEqualTo(event.eventName());
        assertThat(row.get("OtherAccount")).isEqualTo(event.otherAccount() == null ? "" : event.otherAccount());
        if (event.properties() == null) {
            assertThat(row.get("JsonProperties")).isEmpty();
        } else {
            assertThat(JsonText.sameJson(row.get("JsonProperties"), event.properties()))
                    .as("sent %s, exported %s", event.properties(), row.get("JsonProperties"))
                    .isTrue();
        }
        assertThat(row.get("Version")).isEqualTo("1");
    }

    /** The file as an RFC 4180 reader sees it, without the line of the settings change. */
    private static List<CSVRecord> read(byte[] object) throws IOException {
        String file = new String(object, StandardCharsets.UTF_8);
        assertThat(file)
                .startsWith("CreatedAt,EmailAtTimeOfEvent,CurrentEmail,EventName,OtherAccount,JsonProperties,Version\n")
                .endsWith("\n");
        List<CSVRecord> rows = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(new StringReader(file))
                .getRecords();
        assertThat(rows)
                .filteredOn(row -> row.get("EventName").equals(SETTINGS_SAVED))
                .hasSize(1);
        return rows.stream()
                .filter(row -> !row.get("EventName").equals(SETTINGS_SAVED))
                .toList();
    }

    private static byte[] forCompany(Seed seed, String company) {
        String value = new String(seed.value(), StandardCharsets.ISO_8859_1)
                .replace("\"fuzz-co\"", "\"" + company + "\"")
                .replace("\"seed-1\"", "\"" + seed.name() + "\"");
        return value.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void publish(String company, List<byte[]> values) {
        E2E.infrastructure().kafka().publish(E2E.system().topics.events(), company, values);
    }

    private static long stored(String company) throws Exception {
        return E2E.infrastructure()
                .postgres()
                .count(
                        E2E.system().database,
                        "SELECT count(*) FROM ingest.security_events WHERE company_id = '" + company + "'");
    }
}

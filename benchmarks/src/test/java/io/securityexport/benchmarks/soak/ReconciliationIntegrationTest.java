package io.securityexport.benchmarks.soak;

import static io.securityexport.benchmarks.soak.PlantedSoak.DAY_1;
import static io.securityexport.benchmarks.soak.PlantedSoak.DAY_2;
import static org.assertj.core.api.Assertions.assertThat;

import io.securityexport.benchmarks.soak.PlantedSoak.File;
import io.securityexport.testsupport.Infrastructure;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The soak's end check against real S3, PostgreSQL and Kafka: a consistent soak passes with the right figures, and
 * each kind of fault a soak can leave behind is named by a failure line.
 */
class ReconciliationIntegrationTest {

    private static final Infrastructure INFRASTRUCTURE = Infrastructure.shared();

    private static String database;

    @BeforeAll
    static void runHistory() {
        database = INFRASTRUCTURE.postgres().createDatabase("reconciliation");
        Flyway.configure()
                .dataSource(
                        INFRASTRUCTURE.postgres().jdbcUrl(database),
                        INFRASTRUCTURE.postgres().username(),
                        INFRASTRUCTURE.postgres().password())
                .schemas("config")
                .defaultSchema("config")
                .locations("classpath:db/migration/config")
                .load()
                .migrate();
    }

    @Test
    void aConsistentSoakPassesAndItsFiguresCountWhatWasRead() {
        PlantedSoak soak = new PlantedSoak(INFRASTRUCTURE, database);
        soak.plant();

        ReconciliationReport report = check(soak);

        assertThat(report.failures()).isEmpty();
        ReconciliationReport.Figures figures = report.figures();
        assertThat(figures.objects()).isEqualTo(3);
        assertThat(figures.rows()).isEqualTo(4);
        assertThat(figures.eventsExpected()).isEqualTo(4);
        assertThat(figures.eventsFound()).as("the gzipped day's event too").isEqualTo(4);
        assertThat(figures.enabledDaysChecked()).isEqualTo(3);
        assertThat(figures.deadLetters()).isEqualTo(3);
        assertThat(figures.malformedFound()).isEqualTo(2);
        assertThat(figures.deadLetterDuplicates())
                .as("a redelivered malformed record is counted, not failed")
                .isEqualTo(1);
        String printed = printed(report);
        assertThat(printed).contains("PASSED", "events sent 4, found 4", "duplicates 1 (redeliveries)");
    }

    @Test
    void anEventInTwoRowsIsADuplicate() {
        PlantedSoak soak = new PlantedSoak(INFRASTRUCTURE, database);
        soak.file(soak.companyA, DAY_1).add(soak.a1);
        soak.plant();

        ReconciliationReport report = check(soak);

        assertThat(report.failures()).singleElement().asString().contains(soak.a1, "twice");
        assertThat(report.figures().duplicates()).isEqualTo(1);
    }

    @Test
    void anEventInTwoFilesIsADuplicateNamingBoth() {
        PlantedSoak soak = new PlantedSoak(INFRASTRUCTURE, database);
        soak.file(soak.companyA, DAY_2).add(soak.a1);
        soak.plant();

        ReconciliationReport report = check(soak);

        assertThat(report.failures())
                .anySatisfy(failure -> assertThat(failure)
                        .contains(
                                soak.a1,
                                PlantedSoak.key(soak.companyA, DAY_1, false),
                                PlantedSoak.key(soak.companyA, DAY_2, true)));
        assertThat(report.failures())
                .as("day 2 is outside the event's range as well")
                .anySatisfy(failure ->
                        assertThat(failure).startsWith("event in a day outside").contains(soak.a1));
    }

    @Test
    void anEventInNoFileIsMissing() {
        PlantedSoak soak = new PlantedSoak(INFRASTRUCTURE, database);
        String lost = soak.send(soak.companyB, DAY_1, DAY_1);
        soak.plant();

        ReconciliationReport report = check(soak);

        assertThat(report.failures())
                .singleElement()
                .asString()
                .startsWith("event missing")
                .contains(lost);
        assertThat(report.figures().missing()).isEqualTo(1);
        assertThat(report.figures().eventsFound()).isEqualTo(4);
    }

    @Test
    void anEventInAnotherCompanysFileIsNamedWithThatFile() {
        PlantedSoak soak = new PlantedSoak(INFRASTRUCTURE, database);
        soak.file(soak.companyA, DAY_1).remove(soak.a2);
        soak.file(soak.companyB, DAY_1).add(soak.a2);
        soak.plant();

        ReconciliationReport report = check(soak);

        assertThat(report.failures())
                .singleElement()
                .asString()
                .startsWith("event in another company's file")
                .contains(soak.a2, PlantedSoak.key(soak.companyB, DAY_1, false));
    }

    @Test
    void anEventInAFileOfADayOutsideItsRangeIsOnTheWrongDay() {
        PlantedSoak soak = new PlantedSoak(INFRASTRUCTURE, database);
        soak.file(soak.companyA, DAY_1).remove(soak.a2);
        soak.file(soak.companyA, DAY_2).add(soak.a2);
        soak.plant();

        ReconciliationReport report = check(soak);

        assertThat(report.failures())
                .singleElement()
                .asString()
                .startsWith("event in a day outside")
                .contains(soak.a2);
    }

    @Test
    void aRowOfAMalformedRecordOrOfNoEventSentIsUnknown() {
        PlantedSoak soak = new PlantedSoak(INFRASTRUCTURE, database);
        String neverSent = "soak-e-never-sent";
        soak.file(soak.companyA, DAY_1).addAll(List.of(soak.m1, neverSent));
        soak.plant();

        ReconciliationReport report = check(soak);

        assertThat(report.failures())
                .hasSize(2)
                .anySatisfy(failure -> assertThat(failure).contains(soak.m1, "malformed"))
                .anySatisfy(failure -> assertThat(failure).contains(neverSent));
        assertThat(report.figures().unknownRows()).isEqualTo(2);
    }

    @Test
    void anObjectForADisabledDayIsAFailure() {
        PlantedSoak soak = new PlantedSoak(INFRASTRUCTURE, database);
        soak.files.put(new File(soak.companyB, DAY_2, false), List.of());
        soak.plant();

        ReconciliationReport report = check(soak);

        assertThat(report.failures())
                .singleElement()
                .asString()
                .startsWith("object for a disabled company-day")
                .contains(PlantedSoak.key(soak.companyB, DAY_2, false));
        assertThat(report.figures().disabledDayObjects()).isEqualTo(1);
    }

    @Test
    void anObjectForADayNeverScheduledOrInAnotherCompanysBucketIsUnexpected() {
        PlantedSoak soak = new PlantedSoak(INFRASTRUCTURE, database);
        soak.files.put(new File(soak.companyA, DAY_2.plusDays(5), false), List.of());
        soak.plant();
        String misplaced = PlantedSoak.key(soak.companyA, DAY_1, false);
        INFRASTRUCTURE
                .s3()
                .client()
                .copyObject(copy -> copy.sourceBucket(soak.bucket(soak.companyA))
                        .sourceKey(misplaced)
                        .destinationBucket(soak.bucket(soak.companyB))
                        .destinationKey(misplaced));

        ReconciliationReport report = check(soak);

        assertThat(report.failures())
                .anySatisfy(failure -> assertThat(failure)
                        .startsWith("unexpected object")
                        .contains("never scheduled", PlantedSoak.key(soak.companyA, DAY_2.plusDays(5), false)))
                .anySatisfy(failure -> assertThat(failure)
                        .startsWith("unexpected object")
                        .contains("s3://" + soak.bucket(soak.companyB) + "/" + misplaced, "in the bucket of"))
                .anySatisfy(failure -> assertThat(failure)
                        .startsWith("unexpected object")
                        .contains(soak.companyA + " " + DAY_1 + " has 2 objects"));
    }

    @Test
    void anEnabledDayWithoutItsObjectOrRunIsAFailure() {
        PlantedSoak soak = new PlantedSoak(INFRASTRUCTURE, database);
        soak.enabledDays.add(new SoakLedger.CompanyDay(soak.companyB, DAY_2.plusDays(1)));
        soak.plant();

        ReconciliationReport report = check(soak);

        assertThat(report.failures())
                .containsExactlyInAnyOrder(
                        "enabled company-day without a SUCCEEDED run: " + soak.companyB + " 2026-11-03",
                        "enabled company-day without an object: " + soak.companyB + " 2026-11-03");
    }

    @Test
    void anObjectWhoseDigestIsNotItsLatestSucceededRunsIsASha256Mismatch() {
        PlantedSoak soak = new PlantedSoak(INFRASTRUCTURE, database);
        soak.plant();
        soak.insertRun(
                new File(soak.companyA, DAY_1, false),
                "BACKFILL",
                "SUCCEEDED",
                PlantedSoak.sha256("another file".getBytes(StandardCharsets.UTF_8)),
                Instant.parse("2026-11-03T00:00:00Z"));

        ReconciliationReport report = check(soak);

        assertThat(report.failures())
                .singleElement()
                .asString()
                .startsWith("object SHA-256 differs")
                .contains(soak.companyA + " " + DAY_1);
        assertThat(report.figures().shaMismatches()).isEqualTo(1);
    }

    @Test
    void aMultipartUploadLeftOpenIsAFailure() {
        PlantedSoak soak = new PlantedSoak(INFRASTRUCTURE, database);
        soak.plant();
        String key = PlantedSoak.key(soak.companyA, DAY_2, true);
        String uploadId = INFRASTRUCTURE
                .s3()
                .client()
                .createMultipartUpload(
                        create -> create.bucket(soak.bucket(soak.companyA)).key(key))
                .uploadId();

        ReconciliationReport report = check(soak);

        assertThat(report.failures())
                .singleElement()
                .asString()
                .startsWith("incomplete multipart upload")
                .contains(key, uploadId);
    }

    @Test
    void aMalformedRecordNotDeadLetteredIsMissing() {
        PlantedSoak soak = new PlantedSoak(INFRASTRUCTURE, database);
        String lost = PlantedSoak.malformedId();
        soak.malformed.add(lost);
        soak.plant();

        ReconciliationReport report = check(soak);

        assertThat(report.failures()).containsExactly("malformed record not dead-lettered: " + lost);
        assertThat(report.figures().malformedMissing()).isEqualTo(1);
    }

    @Test
    void aValidEventOrAnUnknownRecordInTheDeadLetterTopicIsExtra() {
        PlantedSoak soak = new PlantedSoak(INFRASTRUCTURE, database);
        soak.deadLetters.add("{\"eventId\":\"" + soak.b1 + "\",\"companyId\":\"" + soak.companyB + "\"}");
        soak.deadLetters.add(PlantedSoak.malformedRecord(PlantedSoak.malformedId()));
        soak.plant();

        ReconciliationReport report = check(soak);

        assertThat(report.failures())
                .hasSize(2)
                .allSatisfy(failure -> assertThat(failure).startsWith("dead letter that is not"))
                .anySatisfy(failure -> assertThat(failure).contains("valid event " + soak.b1))
                .anySatisfy(failure -> assertThat(failure).contains("never sent"));
    }

    @Test
    void aGzippedFileIsReadThroughItsCompressionAndDigestedAsStored() {
        PlantedSoak soak = new PlantedSoak(INFRASTRUCTURE, database);
        soak.file(soak.companyA, DAY_2).add(soak.m2);
        soak.plant();

        ReconciliationReport report = check(soak);

        assertThat(report.failures())
                .as("its rows are read (the stray row is seen), its digest is the stored bytes' (no SHA mismatch)")
                .singleElement()
                .asString()
                .startsWith("row whose soakId")
                .contains(soak.m2, PlantedSoak.key(soak.companyA, DAY_2, true));
    }

    @Test
    void aGzippedFileCutShortIsUnreadable() {
        PlantedSoak soak = new PlantedSoak(INFRASTRUCTURE, database);
        soak.damage.put(new File(soak.companyA, DAY_2, true), bytes -> Arrays.copyOf(bytes, bytes.length - 12));
        soak.plant();

        ReconciliationReport report = check(soak);

        assertThat(report.failures())
                .anySatisfy(failure -> assertThat(failure)
                        .startsWith("partial or unreadable file")
                        .contains(PlantedSoak.key(soak.companyA, DAY_2, true)));
        assertThat(report.figures().unreadableObjects()).isEqualTo(1);
    }

    @Test
    void aCsvFileCutInTheMiddleOfARowIsUnreadable() {
        PlantedSoak soak = new PlantedSoak(INFRASTRUCTURE, database);
        soak.damage.put(new File(soak.companyA, DAY_1, false), bytes -> Arrays.copyOf(bytes, bytes.length - 5));
        soak.plant();

        ReconciliationReport report = check(soak);

        assertThat(report.failures())
                .hasSize(2)
                .anySatisfy(failure -> assertThat(failure)
                        .startsWith("partial or unreadable file")
                        .contains(PlantedSoak.key(soak.companyA, DAY_1, false), "Missing closing quote"))
                .anySatisfy(failure ->
                        assertThat(failure).startsWith("event missing").contains(soak.a2));
    }

    @Test
    void aCsvFileWithoutItsLastLineEndIsCutShortThoughEveryRowParses() {
        PlantedSoak soak = new PlantedSoak(INFRASTRUCTURE, database);
        soak.damage.put(new File(soak.companyA, DAY_1, false), bytes -> Arrays.copyOf(bytes, bytes.length - 1));
        soak.plant();

        ReconciliationReport report = check(soak);

        assertThat(report.failures())
                .singleElement()
                .asString()
                .startsWith("partial or unreadable file")
                .contains(PlantedSoak.key(soak.companyA, DAY_1, false), "line end");
        assertThat(report.figures().eventsFound()).isEqualTo(4);
    }

    @Test
    void anObjectWhoseKeyIsNoDailyFilesIsNamed() {
        PlantedSoak soak = new PlantedSoak(INFRASTRUCTURE, database);
        soak.plant();
        String stray = "security-events/2026/11/01/notes.txt";
        INFRASTRUCTURE
                .s3()
                .client()
                .putObject(put -> put.bucket(soak.bucket(soak.companyB)).key(stray), RequestBody.fromString("hello"));

        ReconciliationReport report = check(soak);

        assertThat(report.failures())
                .singleElement()
                .asString()
                .startsWith("key not of a daily file")
                .contains(stray);
    }

    private static ReconciliationReport check(PlantedSoak soak) {
        ReconciliationReport report = new Reconciliation(
                        INFRASTRUCTURE.s3().client(),
                        INFRASTRUCTURE.postgres().jdbcUrl(database),
                        INFRASTRUCTURE.postgres().username(),
                        INFRASTRUCTURE.postgres().password(),
                        INFRASTRUCTURE.kafka().bootstrapServers(),
                        soak.deadLetterTopic)
                .check(soak.ledger());
        report.print(System.out);
        return report;
    }

    private static String printed(ReconciliationReport report) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        report.print(new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}

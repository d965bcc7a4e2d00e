package io.securityexport.benchmarks.soak;

import io.securityexport.benchmarks.soak.SoakLedger.CompanyDay;
import io.securityexport.benchmarks.soak.SoakLedger.SentEvent;
import io.securityexport.common.csv.CsvRow;
import io.securityexport.common.csv.SecurityEventCsv;
import io.securityexport.common.export.ExportObjectKey;
import io.securityexport.common.export.FolderPath;
import io.securityexport.testsupport.Infrastructure;
import io.securityexport.testsupport.TestResources;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import tools.jackson.databind.SequenceWriter;

/**
 * What a soak could have left behind, built in memory, changed by a test where it wants a fault, then planted: the
 * objects in two companies' buckets, their SUCCEEDED runs in the run history, the dead letters. Companies, buckets
 * and the topic are unique per instance, so tests share one database and broker.
 *
 * <p>The consistent soak: company A has events on day 1 and, gzipped, on day 2 (one sent close to midnight of day 1,
 * received on day 2); company B has an event on day 1 and was switched off for day 2; two malformed records were
 * dead-lettered, one of them twice (a redelivery).
 */
final class PlantedSoak {

    static final LocalDate DAY_1 = LocalDate.parse("2026-11-01");
    static final LocalDate DAY_2 = LocalDate.parse("2026-11-02");
    private static final FolderPath FOLDER = new FolderPath("security-events");

    /** One stored file: its company-day, whether gzipped, and its rows' soakIds in order. */
    record File(String companyId, LocalDate day, boolean gzip) {}

    private final Infrastructure infrastructure;
    private final String database;
    final String companyA;
    final String companyB;
    final String deadLetterTopic;
    final Map<String, SentEvent> events = new LinkedHashMap<>();
    final Set<String> malformed = new HashSet<>();
    final Map<String, String> buckets = new LinkedHashMap<>();
    final Set<CompanyDay> enabledDays = new HashSet<>();
    final Set<CompanyDay> disabledDays = new HashSet<>();
    final Map<File, List<String>> files = new LinkedHashMap<>();
    /** What is stored instead of a file's bytes, to cut or corrupt it. */
    final Map<File, UnaryOperator<byte[]>> damage = new LinkedHashMap<>();

    final List<String> deadLetters = new ArrayList<>();

    final String a1;
    final String a2;
    final String a3;
    final String b1;
    final String m1;
    final String m2;

    PlantedSoak(Infrastructure infrastructure, String database) {
        this.infrastructure = infrastructure;
        this.database = database;
        String name = TestResources.uniqueName("soak");
        companyA = name + "-a";
        companyB = name + "-b";
        deadLetterTopic = name + ".DLT";
        buckets.put(companyA, name + "-a");
        buckets.put(companyB, name + "-b");
        enabledDays.addAll(List.of(
                new CompanyDay(companyA, DAY_1), new CompanyDay(companyA, DAY_2), new CompanyDay(companyB, DAY_1)));
        disabledDays.add(new CompanyDay(companyB, DAY_2));
        a1 = send(companyA, DAY_1, DAY_1);
        a2 = send(companyA, DAY_1, DAY_1);
        a3 = send(companyA, DAY_1, DAY_2);
        b1 = send(companyB, DAY_1, DAY_1);
        files.put(new File(companyA, DAY_1, false), new ArrayList<>(List.of(a1, a2)));
        files.put(new File(companyA, DAY_2, true), new ArrayList<>(List.of(a3)));
        files.put(new File(companyB, DAY_1, false), new ArrayList<>(List.of(b1)));
        m1 = malformedId();
        m2 = malformedId();
        malformed.addAll(List.of(m1, m2));
        deadLetters.addAll(List.of(malformedRecord(m1), malformedRecord(m2), malformedRecord(m1)));
    }

    /** A valid event the harness would have recorded as sent; it is in no file until a test puts it in one. */
    String send(String companyId, LocalDate firstDay, LocalDate lastDay) {
        String eventId = "soak-e-" + UUID.randomUUID();
        events.put(eventId, new SentEvent(eventId, companyId, firstDay, lastDay));
        return eventId;
    }

    static String malformedId() {
        return "soak-m-" + UUID.randomUUID();
    }

    /** As the soak sends them: not JSON, with the ID somewhere in its bytes. */
    static String malformedRecord(String malformedId) {
        return "{not json, id " + malformedId + "\u0000";
    }

    List<String> file(String companyId, LocalDate day) {
        return files.entrySet().stream()
                .filter(file -> file.getKey().companyId().equals(companyId)
                        && file.getKey().day().equals(day))
                .findFirst()
                .orElseThrow()
                .getValue();
    }

    SoakLedger ledger() {
        return new SoakLedger(events, malformed, buckets, enabledDays, disabledDays);
    }

    String bucket(String companyId) {
        return buckets.get(companyId);
    }

    static String key(String companyId, LocalDate day, boolean gzip) {
        return ExportObjectKey.of(FOLDER, companyId, day, gzip);
    }

    /**
     * Creates the buckets; stores each file with a SUCCEEDED run of its digest (after a run that failed, and a run
     * that succeeded earlier with another digest) where its company-day is enabled; publishes the dead letters.
     */
    void plant() {
        buckets.values().forEach(bucket -> infrastructure.s3().createBucket(bucket));
        files.forEach((file, soakIds) -> {
            byte[] content = damage.getOrDefault(file, bytes -> bytes).apply(content(file.gzip(), soakIds));
            String key = key(file.companyId(), file.day(), file.gzip());
            infrastructure
                    .s3()
                    .client()
                    .putObject(put -> put.bucket(bucket(file.companyId())).key(key), RequestBody.fromBytes(content));
            if (enabledDays.contains(new CompanyDay(file.companyId(), file.day()))) {
                Instant midnight = file.day().plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
                insertRun(file, "SCHEDULED", "FAILED", null, midnight.plusSeconds(60));
                insertRun(file, "RETRY", "SUCCEEDED", sha256(new byte[] {1}), midnight.plusSeconds(120));
                insertRun(file, "BACKFILL", "SUCCEEDED", sha256(content), midnight.plusSeconds(3600));
            }
        });
        infrastructure.kafka().createTopics(2, deadLetterTopic);
        infrastructure.kafka().publishText(deadLetterTopic, companyA, deadLetters);
    }

    /** A run of the company-day's file, as the config service records it, finished at {@code finishedAt}. */
    void insertRun(File file, String trigger, String status, String sha256, Instant finishedAt) {
        try (Connection connection = infrastructure.postgres().connect(database);
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO config.export_runs (job_id, company_id, day, trigger, status, requested_at,
                                                        bucket, object_key, sha256, started_at, finished_at,
                                                        published_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)) {
            Timestamp finished = Timestamp.from(finishedAt);
            insert.setObject(1, UUID.randomUUID());
            insert.setString(2, file.companyId());
            insert.setObject(3, file.day());
            insert.setString(4, trigger);
            insert.setString(5, status);
            insert.setTimestamp(6, finished);
            insert.setString(7, bucket(file.companyId()));
            insert.setString(8, key(file.companyId(), file.day(), file.gzip()));
            insert.setString(9, sha256);
            insert.setTimestamp(10, finished);
            insert.setTimestamp(11, finished);
            insert.setTimestamp(12, finished);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The file as the export worker writes it: CSV v1 through the project's writer, each row naming its soakId. */
    static byte[] content(boolean gzip, List<String> soakIds) {
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        try (SequenceWriter writer = SecurityEventCsv.writer(csv)) {
            Instant at = DAY_1.atStartOfDay().toInstant(ZoneOffset.UTC);
            for (String soakId : soakIds) {
                writer.write(CsvRow.of(
                        at,
                        "ana@example.com",
                        "ana.new@example.com",
                        "Signed In",
                        null,
                        "{\"soakId\":\"" + soakId + "\",\"note\":\"a, \\\"quoted\\\"\\nline\"}"));
            }
        }
        if (!gzip) {
            return csv.toByteArray();
        }
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzipped)) {
            out.write(csv.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return gzipped.toByteArray();
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.securityexport.benchmarks.soak;

import io.securityexport.benchmarks.soak.DailyFileReader.StoredFile;
import io.securityexport.benchmarks.soak.FailureLines.Kind;
import io.securityexport.benchmarks.soak.SoakLedger.CompanyDay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The check at the end of a soak: what the buckets, the run history and the dead-letter topic hold, against what the
 * harness recorded it did ({@link SoakLedger}). Every valid event in exactly one file of its company and a day in its
 * range; no object for a switched-off company-day; every scheduled company-day delivered, its object the one its
 * latest SUCCEEDED run describes; no multipart upload left behind; every malformed record dead-lettered, and nothing
 * else.
 */
public final class Reconciliation {

    private static final Duration READ_DEAD_LETTERS_WITHIN = Duration.ofMinutes(2);

    private final S3Client s3;
    private final String jdbcUrl;
    private final String jdbcUser;
    private final String jdbcPassword;
    private final String kafkaBootstrapServers;
    private final String deadLetterTopic;

    /** @param s3 a client that may list and read every bucket of the soak (an admin's) */
    public Reconciliation(
            S3Client s3,
            String jdbcUrl,
            String jdbcUser,
            String jdbcPassword,
            String kafkaBootstrapServers,
            String deadLetterTopic) {
        this.s3 = s3;
        this.jdbcUrl = jdbcUrl;
        this.jdbcUser = jdbcUser;
        this.jdbcPassword = jdbcPassword;
        this.kafkaBootstrapServers = kafkaBootstrapServers;
        this.deadLetterTopic = deadLetterTopic;
    }

    /** A stored object whose key names a company-day. */
    private record DailyObject(String bucket, String key, DailyObjectKey name, String sha256) {}

    public ReconciliationReport check(SoakLedger ledger) {
        FailureLines failures = new FailureLines();
        EventSightings sightings = new EventSightings(ledger.events(), ledger.malformed(), failures);
        Totals totals = new Totals();
        Map<CompanyDay, List<DailyObject>> objects = readObjects(ledger, sightings, totals, failures);
        long inSwitchedOffDays = sightings.reportMissing(ledger.disabledDays());
        checkObjectsAgainstDays(ledger, objects, failures);
        checkEnabledDays(ledger.enabledDays(), objects, failures);
        checkNoUploadLeft(ledger, failures);
        DeadLetterScan deadLetters = new DeadLetterScan(ledger.malformed(), ledger.events(), failures);
        deadLetters.scan(kafkaBootstrapServers, deadLetterTopic, READ_DEAD_LETTERS_WITHIN);
        return new ReconciliationReport(
                new ReconciliationReport.Figures(
                        totals.objects,
                        totals.bytes,
                        totals.rows,
                        failures.count(Kind.UNREADABLE_OBJECT),
                        failures.count(Kind.UNEXPECTED_KEY),
                        failures.count(Kind.UNEXPECTED_OBJECT),
                        ledger.events().size(),
                        sightings.found(),
                        failures.count(Kind.DUPLICATE_EVENT),
                        failures.count(Kind.MISSING_EVENT),
                        inSwitchedOffDays,
                        failures.count(Kind.WRONG_COMPANY),
                        failures.count(Kind.WRONG_DAY),
                        failures.count(Kind.UNKNOWN_ROW),
                        sightings.auditRows(),
                        failures.count(Kind.DISABLED_DAY_OBJECT),
                        ledger.enabledDays().size(),
                        failures.count(Kind.NO_SUCCEEDED_RUN),
                        failures.count(Kind.NO_OBJECT),
                        failures.count(Kind.SHA_MISMATCH),
                        failures.count(Kind.INCOMPLETE_UPLOAD),
                        deadLetters.records(),
                        ledger.malformed().size(),
                        deadLetters.malformedFound(),
                        failures.count(Kind.DEAD_LETTER_MISSING),
                        failures.count(Kind.DEAD_LETTER_EXTRA),
                        deadLetters.duplicates()),
                failures.lines());
    }

    private static final class Totals {
        long objects;
        long bytes;
        long rows;
    }

    /** Reads every object of every bucket once: its rows go to the sightings, its digest is kept for the runs. */
    private Map<CompanyDay, List<DailyObject>> readObjects(
            SoakLedger ledger, EventSightings sightings, Totals totals, FailureLines failures) {
        DailyFileReader reader = new DailyFileReader(s3);
        Map<CompanyDay, List<DailyObject>> objects = new HashMap<>();
        for (Map.Entry<String, Set<String>> bucket : owners(ledger).entrySet()) {
            for (S3Object listed : s3.listObjectsV2Paginator(request -> request.bucket(bucket.getKey()))
                    .contents()) {
                String where = "s3://" + bucket.getKey() + "/" + listed.key();
                totals.objects++;
                Optional<DailyObjectKey> name = DailyObjectKey.parse(listed.key());
                if (name.isEmpty()) {
                    totals.bytes += listed.size();
                    failures.add(Kind.UNEXPECTED_KEY, where + " (not read)");
                    continue;
                }
                if (!bucket.getValue().contains(name.get().companyId())) {
                    failures.add(
                            Kind.UNEXPECTED_OBJECT,
                            where + ": company " + name.get().companyId() + "'s file in the bucket of "
                                    + bucket.getValue());
                }
                StoredFile file = reader.read(
                        bucket.getKey(),
                        listed.key(),
                        name.get().gzip(),
                        (soakId, properties) -> sightings.row(where, name.get(), soakId, properties));
                totals.bytes += file.bytes();
                totals.rows += file.rows();
                if (file.problem() != null) {
                    failures.add(Kind.UNREADABLE_OBJECT, where + ": " + file.problem());
                }
                objects.computeIfAbsent(name.get().companyDay(), day -> new ArrayList<>())
                        .add(new DailyObject(bucket.getKey(), listed.key(), name.get(), file.sha256()));
            }
        }
        return objects;
    }

    /** Each bucket with the companies that write to it (several may share one, in different folders). */
    private static Map<String, Set<String>> owners(SoakLedger ledger) {
        Map<String, Set<String>> owners = new TreeMap<>();
        ledger.buckets()
                .forEach((company, bucket) ->
                        owners.computeIfAbsent(bucket, b -> new TreeSet<>()).add(company));
        return owners;
    }

    private static void checkObjectsAgainstDays(
            SoakLedger ledger, Map<CompanyDay, List<DailyObject>> objects, FailureLines failures) {
        objects.forEach((day, dayObjects) -> {
            for (DailyObject object : dayObjects) {
                String where = "s3://" + object.bucket() + "/" + object.key();
                if (ledger.disabledDays().contains(day)) {
                    failures.add(Kind.DISABLED_DAY_OBJECT, day.companyId() + " " + day.day() + ": " + where);
                } else if (!ledger.enabledDays().contains(day)) {
                    failures.add(
                            Kind.UNEXPECTED_OBJECT,
                            day.companyId() + " " + day.day() + " was never scheduled: " + where);
                }
            }
            if (dayObjects.size() > 1) {
                failures.add(
                        Kind.UNEXPECTED_OBJECT,
                        day.companyId() + " " + day.day() + " has " + dayObjects.size() + " objects: "
                                + dayObjects.stream()
                                        .map(DailyObject::key)
                                        .sorted()
                                        .toList());
            }
        });
    }

    private void checkEnabledDays(
            Set<CompanyDay> enabledDays, Map<CompanyDay, List<DailyObject>> objects, FailureLines failures) {
        Map<CompanyDay, LatestSucceededRuns.Run> runs = LatestSucceededRuns.read(jdbcUrl, jdbcUser, jdbcPassword);
        enabledDays.stream()
                .sorted(Comparator.comparing(CompanyDay::companyId).thenComparing(CompanyDay::day))
                .forEach(day -> {
                    String name = day.companyId() + " " + day.day();
                    LatestSucceededRuns.Run run = runs.get(day);
                    List<DailyObject> dayObjects = objects.getOrDefault(day, List.of());
                    if (run == null) {
                        failures.add(Kind.NO_SUCCEEDED_RUN, name);
                    }
                    if (dayObjects.isEmpty()) {
                        failures.add(Kind.NO_OBJECT, name);
                    }
                    if (run == null) {
                        return;
                    }
                    for (DailyObject object : dayObjects) {
                        if (!object.sha256().equals(run.sha256())) {
                            failures.add(
                                    Kind.SHA_MISMATCH,
                                    name + ": " + object.key() + " has " + object.sha256() + ", run " + run.jobId()
                                            + " recorded " + run.sha256());
                        }
                    }
                });
    }

    /** A multipart upload left open is storage the customer pays for and never sees. */
    private void checkNoUploadLeft(SoakLedger ledger, FailureLines failures) {
        for (String bucket : owners(ledger).keySet()) {
            s3.listMultipartUploadsPaginator(request -> request.bucket(bucket))
                    .uploads()
                    .forEach(upload -> failures.add(
                            Kind.INCOMPLETE_UPLOAD,
                            "s3://" + bucket + "/" + upload.key() + " (upload " + upload.uploadId() + ", initiated "
                                    + upload.initiated() + ")"));
        }
    }
}

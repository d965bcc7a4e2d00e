package io.securityexport.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.securityexport.common.export.ExportJob;
import io.securityexport.common.export.ExportMessages;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** The export worker against the real S3-compatible server: multi-part files, and credentials that do not work. */
class ExportWorkerEndToEndTest {

    /** Five parts of 8 MiB: enough to catch anything that looks at the file before its last part (it happened). */
    private static final int ROWS = 200_000;

    @RegisterExtension
    static final EndToEndSystem E2E = EndToEndSystem.named("export");

    @Test
    void aDayLargerThanOnePartIsUploadedInPartsAsOneObjectInFileOrder() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        insertRows("big-co", today, ROWS);
        putSettings("big-co", E2E.customerKey().secretAccessKey(), false);

        JsonNode run = E2E.system().exportAndAwait("big-co", today);

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        String key = run.get("objectKey").asString();
        byte[] object = E2E.infrastructure().s3().getObject(E2E.bucket(), key);
        List<String> lines = new String(object, StandardCharsets.UTF_8).lines().toList();
        assertThat(object.length).as("five 8 MiB parts").isGreaterThan(4 * 8 * 1024 * 1024);
        assertThat(run.get("bytes").asLong()).isEqualTo(object.length);
        // the settings change itself is a security event of the company: it is in today's file too, sorted last
        assertThat(lines).hasSize(ROWS + 2);
        assertThat(lines.get(ROWS + 1)).contains(",Updated Security Event Cloud Export,");
        assertThat(lines.get(1) + "\n").isEqualTo(GeneratedDay.line(1));
        assertThat(lines.get(ROWS)).startsWith("2026-11-01T00:03:20.000Z,");
        assertThat(run.get("rows").asLong()).isEqualTo(ROWS + 1);
        assertThat(run.get("sha256").asString())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(object)));
        assertThat(E2E.infrastructure()
                        .s3()
                        .client()
                        .headObject(head -> head.bucket(E2E.bucket()).key(key))
                        .metadata())
                .as("the digest is stamped on the object after the multipart upload")
                .containsEntry("sha256", run.get("sha256").asString());
    }

    @Test
    void aWrongSecretFailsTheRunWithTheS3ErrorAndLeavesNoObject() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        insertRows("wrong-co", today, 10);
        // a real secret, another user's: S3 knows it and the run signs with it, so a message that leaked the secret
        // the run used would show it here
        String wrongSecret = E2E.infrastructure().s3().createUser("other").secretAccessKey();
        putSettings("wrong-co", wrongSecret, true);

        JsonNode run = E2E.system().exportAndAwait("wrong-co", today);

        assertThat(run.get("status").asString()).isEqualTo("FAILED");
        assertThat(run.get("errorCode").asString()).as("the secret reached S3").isEqualTo("SignatureDoesNotMatch");
        assertThat(run.get("errorMessage").asString()).doesNotContain(wrongSecret);
        assertThat(E2E.infrastructure().s3().listKeys(E2E.bucket())).noneMatch(key -> key.contains("wrong-co"));
    }

    @Test
    void aDayThatFailedOnBrokenCredentialsIsDeliveredAsSoonAsTheyAreFixed() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        insertRows("fixed-co", today, 12);
        putSettings("fixed-co", "2222222222222222222222222222222222222222", true);
        JsonNode failed = E2E.system().exportAndAwait("fixed-co", today);
        assertThat(failed.get("status").asString()).isEqualTo("FAILED");

        var fixed = E2E.system()
                .updateSettings(
                        "fixed-co",
                        """
                {"bucket":"%s","credentials":{"method":"ACCESS_KEY","accessKeyId":"%s","secretAccessKey":"%s"}}""".formatted(
                                        E2E.bucket(),
                                        E2E.customerKey().accessKeyId(),
                                        E2E.customerKey().secretAccessKey()),
                        "\"1\"");
        assertThat(fixed.statusCode()).as(fixed.body()).isEqualTo(200);

        // no new request: saving the fixed settings re-queued the failed day
        JsonNode retried = E2E.system()
                .awaitAnotherRun(
                        "fixed-co", today, java.util.Set.of(failed.get("jobId").asString()));
        assertThat(retried.get("status").asString()).as(retried.toString()).isEqualTo("SUCCEEDED");
        assertThat(retried.get("trigger").asString()).isEqualTo("RETRY");
        assertThat(retried.get("attempt").asInt()).isEqualTo(2);
        assertThat(E2E.infrastructure()
                        .s3()
                        .getObject(E2E.bucket(), retried.get("objectKey").asString()))
                .isNotEmpty();
    }

    @Test
    void aJobDeliveredTwiceGivesOneObjectAndOneSucceededRunAndALeftoverUploadIsCleanedUp() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        insertRows("twice-co", today, 30);
        putSettings("twice-co", E2E.customerKey().secretAccessKey(), false);
        String key =
                "security-events/" + today.toString().replace('-', '/') + "/security-events-twice-co-" + today + ".csv";
        // what a worker that crashed mid-upload leaves behind
        E2E.infrastructure()
                .s3()
                .client()
                .createMultipartUpload(create -> create.bucket(E2E.bucket()).key(key));

        JsonNode run = E2E.system().exportAndAwait("twice-co", today);
        ExportJob again = new ExportJob(
                java.util.UUID.fromString(run.get("jobId").asString()),
                "twice-co",
                today,
                ExportJob.Trigger.BACKFILL,
                java.time.Instant.parse(run.get("requestedAt").asString()));
        // relative: under load a rebalance may redeliver another job of this class too, which is the same behaviour
        double redeliveredBefore = redelivered();
        E2E.infrastructure()
                .kafka()
                .publish(E2E.system().topics.exportJobs(), "twice-co", java.util.List.of(ExportMessages.toJson(again)));

        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(redelivered())
                        .as("the second delivery found its own object and did not write it again")
                        .isEqualTo(redeliveredBefore + 1));
        assertThat(runsOf("twice-co")).singleElement().satisfies(only -> {
            assertThat(only.get("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(only.get("finishedAt").asString())
                    .as("the first success stands")
                    .isEqualTo(run.get("finishedAt").asString());
        });
        assertThat(E2E.infrastructure().s3().listKeys(E2E.bucket()))
                .filteredOn(k -> k.contains("twice-co"))
                .containsExactly(key);
        assertThat(E2E.infrastructure()
                        .s3()
                        .client()
                        .listMultipartUploads(list -> list.bucket(E2E.bucket()).prefix(key))
                        .uploads())
                .as("no incomplete upload is left")
                .isEmpty();
    }

    @Test
    void aCompanyThatSwitchesToGzipGetsItsDayAsCsvGzOnlyWithTheDigestOfTheObject() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        insertRows("gzip-co", today, 5_000);
        putSettings("gzip-co", E2E.customerKey().secretAccessKey(), false);
        JsonNode plain = E2E.system().exportAndAwait("gzip-co", today);
        assertThat(plain.get("objectKey").asString()).endsWith(".csv");
        var switched = E2E.system()
                .updateSettings(
                        "gzip-co", """
                {"bucket":"%s","gzip":true,"credentials":{"method":"ACCESS_KEY","accessKeyId":"%s"}}""".formatted(E2E.bucket(), E2E.customerKey().accessKeyId()), "\"1\"");
        assertThat(switched.statusCode()).as(switched.body()).isEqualTo(200);
        assertThat(E2E.system().get("gzip-co", "").get("gzip").asBoolean()).isTrue();

        JsonNode run = E2E.system().exportAndAwait("gzip-co", today);

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        String key = run.get("objectKey").asString();
        assertThat(key).endsWith("/security-events-gzip-co-" + today + ".csv.gz");
        byte[] object = E2E.infrastructure().s3().getObject(E2E.bucket(), key);
        List<String> lines;
        try (var unpacked = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(object))) {
            lines = new String(unpacked.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
        }
        // 5,000 events and the settings changes (the switch's own audit event may still be on its way)
        assertThat(lines.size()).isBetween(5_000 + 2, 5_000 + 3);
        assertThat(lines.get(0))
                .isEqualTo("CreatedAt,EmailAtTimeOfEvent,CurrentEmail,EventName,OtherAccount,JsonProperties,Version");
        assertThat(lines.get(1) + "\n").isEqualTo(GeneratedDay.line(1));
        assertThat(object.length).as("compressed").isLessThan(5_000 * 100);
        assertThat(run.get("bytes").asLong()).isEqualTo(object.length);
        assertThat(run.get("rows").asLong()).isEqualTo(lines.size() - 1);
        String sha256 =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(object));
        assertThat(run.get("sha256").asString()).isEqualTo(sha256);
        var head = E2E.infrastructure()
                .s3()
                .client()
                .headObject(h -> h.bucket(E2E.bucket()).key(key));
        assertThat(head.contentType()).isEqualTo("application/gzip");
        assertThat(head.metadata()).containsEntry("sha256", sha256);
        assertThat(E2E.infrastructure().s3().listKeys(E2E.bucket()))
                .filteredOn(k -> k.contains("gzip-co"))
                .as("switching to gzip leaves the day one object: the .csv of the first export is gone")
                .containsExactly(key);
    }

    /** The worker's count of deliveries that found their own object already written. */
    private static double redelivered() {
        java.util.regex.Matcher counter = java.util.regex.Pattern.compile(
                        "(?m)^export_redelivered_total(?:\\{[^}]*\\})? (\\S+)$")
                .matcher(E2E.system().workerMetrics());
        return counter.find() ? Double.parseDouble(counter.group(1)) : 0;
    }

    private static List<JsonNode> runsOf(String company) {
        List<JsonNode> runs = new java.util.ArrayList<>();
        E2E.system().get(company, "/runs").forEach(runs::add);
        return runs;
    }

    @Test
    void aRoleMethodCompanyIsExportedThroughAssumeRoleWithItsExternalId() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        insertRows("role-co", today, 25);
        JsonNode trust = E2E.system().get("role-co", "/aws-trust?bucket=" + E2E.bucket());
        String externalId = trust.get("externalId").asString();
        String roleArn = "arn:aws:iam::210987654321:role/security-export-role-co";
        // what the customer does with the aws-trust answer: a role that requires exactly this external ID
        E2E.infrastructure().sts().defineRole(roleArn, java.util.Optional.of(externalId));
        int assumedBefore = E2E.infrastructure().sts().assumeRoleCalls();

        var saved = E2E.system().putSettings("role-co", """
                {"bucket":"%s","credentials":{"method":"ROLE_ARN","roleArn":"%s"}}""".formatted(E2E.bucket(), roleArn));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        assertThat(saved.body()).contains(externalId).contains(roleArn);
        JsonNode run = E2E.system().exportAndAwait("role-co", today);

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("rows").asLong())
                .as("25 events and the settings change")
                .isEqualTo(26);
        assertThat(E2E.infrastructure()
                        .s3()
                        .getObject(E2E.bucket(), run.get("objectKey").asString()))
                .isNotEmpty();
        assertThat(E2E.infrastructure().sts().assumeRoleCalls()).isGreaterThan(assumedBefore);
        var head = E2E.infrastructure()
                .s3()
                .client()
                .headObject(h -> h.bucket(E2E.bucket()).key(run.get("objectKey").asString()));
        assertThat(head.eTag()).as("a small day is one PutObject").doesNotContain("-");
        assertThat(head.metadata()).containsEntry("sha256", run.get("sha256").asString());
        assertThat(trust.get("trustPolicy").toString()).contains("\"sts:ExternalId\":\"" + externalId + "\"");
    }

    private static void insertRows(String company, LocalDate day, int rows) throws Exception {
        try (Connection connection = E2E.system().database()) {
            new GeneratedDay(company, day, rows).insert(connection);
        }
    }

    private static void putSettings(String company, String secret, boolean saveAnyway) {
        E2E.system()
                .saveAccessKeySettings(company, E2E.bucket(), E2E.customerKey().accessKeyId(), secret, saveAnyway);
    }
}

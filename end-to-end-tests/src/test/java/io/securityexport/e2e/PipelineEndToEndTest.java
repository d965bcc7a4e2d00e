package io.securityexport.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.securityexport.testsupport.DeadLetterTopic;
import io.securityexport.testsupport.DeadLetterTopic.DeadLetter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The whole spine on real infrastructure: events published with a real Kafka producer are stored by the ingest
 * service, a company's settings are stored through the config API, an export is requested, and the export worker's
 * object in the SigV4-checking S3 server is compared byte for byte with the CSV the contract promises.
 */
class PipelineEndToEndTest {

    private static final String COMPANY = "acme";

    @RegisterExtension
    static final EndToEndSystem E2E = EndToEndSystem.named("e2e");

    @Test
    void publishedEventsArriveInTheCompanysBucketAsTheContractsCsv() throws Exception {
        putSettings();
        publish(
                E2E.system().topics.dashboardUsers(),
                "dev-1",
                "{\"developerId\":\"dev-1\",\"companyId\":\"acme\",\"email\":\"ann.new@acme.io\",\"deleted\":false}");
        publishEvents();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(count("SELECT count(*) FROM ingest.security_events WHERE company_id = 'acme'"))
                    .isEqualTo(6);
            assertThat(count("SELECT count(*) FROM ingest.dashboard_users WHERE developer_id = 'dev-1'"))
                    .isEqualTo(1);
        });
        LocalDate day = onlyReceivedDay();

        JsonNode run = E2E.system().exportAndAwait(COMPANY, day);

        String key = "audit/e2e/" + day.toString().replace('-', '/') + "/security-events-acme-" + day + ".csv";
        byte[] object = E2E.infrastructure().s3().getObject(E2E.bucket(), key);
        assertThat(new String(object, StandardCharsets.UTF_8)).isEqualTo(EXPECTED_CSV + settingsSavedLine());
        assertThat(run.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("objectKey").asString()).isEqualTo(key);
        assertThat(run.get("rows").asLong()).isEqualTo(6);
        assertThat(run.get("bytes").asLong()).isEqualTo(object.length);
        assertThat(run.get("sha256").asString())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(object)));
        assertThat(E2E.infrastructure().s3().listKeys(E2E.bucket())).containsExactly(key);
        assertThat(deadLetterReasons()).containsExactly("NOT_JSON");
        assertThat(E2E.system().readinessStatuses()).containsExactly(200, 200);
    }

    /** Ordered by CreatedAt then eventId; e-0 and e-1 share a timestamp. dev-1's current email comes from the directory. */
    private static final String EXPECTED_CSV = """
            CreatedAt,EmailAtTimeOfEvent,CurrentEmail,EventName,OtherAccount,JsonProperties,Version
            2026-11-01T08:00:00.000Z,ann@acme.io,ann.new@acme.io,Developer Updated,,,1
            2026-11-01T08:00:00.000Z,ann@acme.io,ann.new@acme.io,Signed In,,\"{\"\"ip\"\":\"\"203.0.113.7\"\"}\",1
            2026-11-01T08:00:01.500Z,bob@acme.io,dev-2,Failed Login,,\"{\"\"reason\"\":\"\"bad password, twice\"\",\"\"agent\"\":\"\"Mozilla \\\"\"5.0\\\"\"\"\"}\",1
            2026-11-01T08:00:02.000Z,ann@acme.io,ann.new@acme.io,\"Updated Account Permission, \"\"admin\"\"
            scope\",carol@acme.io,\"{\"\"note\"\":\"\"line one\\nline two\"\"}\",1
            2026-11-01T08:00:03.250Z,김민준@acme.kr,dev-3,ユーザーが追加されました,,\"{\"\"emoji\"\":\"\"🔐✅\"\",\"\"ko\"\":\"\"사용자\"\"}\",1
            """;

    /**
     * Saving the settings was itself a security event of acme ("Updated Security Event Cloud Export", by the token's
     * subject, never with the secret); it happened today, so it sorts last. Only its time comes from the database.
     */
    private static String settingsSavedLine() throws Exception {
        try (Connection connection = E2E.system().database();
                ResultSet rows = connection
                        .createStatement()
                        .executeQuery(
                                "SELECT to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
                                        + " FROM ingest.security_events WHERE event_name = 'Updated Security Event Cloud Export'")) {
            rows.next();
            return rows.getString(1) + ",admin@acme.example,dev-admin,Updated Security Event Cloud Export,,"
                    + "\"{\"\"action\"\":\"\"created\"\",\"\"settingsVersion\"\":1,\"\"credentialMethod\"\":\"\"ACCESS_KEY\"\","
                    + "\"\"changedFields\"\":[\"\"enabled\"\",\"\"bucket\"\",\"\"region\"\",\"\"folderPath\"\","
                    + "\"\"serverSideEncryption\"\",\"\"gzip\"\",\"\"credentials.method\"\",\"\"credentials.accessKeyId\"\","
                    + "\"\"credentials.secretAccessKey\"\"]}\",1\n";
        }
    }

    private static void publishEvents() {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        records.add(event(
                "acme",
                "e-1",
                "2026-11-01T08:00:00Z",
                "Signed In",
                "dev-1",
                "ann@acme.io",
                null,
                "{\"ip\":\"203.0.113.7\"}"));
        records.add(event(
                "acme",
                "e-2",
                "2026-11-01T09:00:01.5+01:00",
                "Failed Login",
                "dev-2",
                "bob@acme.io",
                null,
                "{\"reason\": \"bad password, twice\", \"agent\": \"Mozilla \\\"5.0\\\"\"}"));
        records.add(event(
                "acme",
                "e-3",
                "2026-11-01T08:00:02.000Z",
                "Updated Account Permission, \\\"admin\\\"\\nscope",
                "dev-1",
                "ann@acme.io",
                "\"carol@acme.io\"",
                "{\"note\":\"line one\\nline two\"}"));
        records.add(event(
                "acme",
                "e-4",
                "2026-11-01T08:00:03.250Z",
                "ユーザーが追加されました",
                "dev-3",
                "김민준@acme.kr",
                null,
                "{\"emoji\":\"🔐✅\",\"ko\":\"사용자\"}"));
        records.add(event(
                "acme",
                "e-2",
                "2026-11-01T09:00:01.5+01:00",
                "Failed Login",
                "dev-2",
                "bob@acme.io",
                null,
                "{\"reason\": \"bad password, twice\", \"agent\": \"Mozilla \\\"5.0\\\"\"}"));
        records.add(event(
                "acme", "e-0", "2026-11-01T08:00:00.000Z", "Developer Updated", "dev-1", "ann@acme.io", null, null));
        records.add(event("globex", "g-1", "2026-11-01T08:00:00Z", "Signed In", "dev-9", "gus@globex.io", null, null));
        records.add(new ProducerRecord<>(E2E.system().topics.events(), "acme", "this is not json"));
        try (KafkaProducer<String, String> producer = producer()) {
            records.forEach(producer::send);
        }
    }

    private static ProducerRecord<String, String> event(
            String company,
            String eventId,
            String occurredAt,
            String name,
            String developerId,
            String email,
            String otherAccountJson,
            String propertiesJson) {
        String json = "{\"eventId\":\"" + eventId + "\",\"companyId\":\"" + company + "\",\"occurredAt\":\""
                + occurredAt
                + "\",\"eventName\":\"" + name + "\",\"actor\":{\"developerId\":\"" + developerId + "\",\"email\":\""
                + email + "\"},\"otherAccount\":" + otherAccountJson + ",\"properties\":" + propertiesJson + "}";
        return new ProducerRecord<>(E2E.system().topics.events(), company, json);
    }

    private static void publish(String topic, String key, String value) {
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(topic, key, value));
        }
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        E2E.infrastructure().kafka().bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new StringSerializer());
    }

    private static void putSettings() {
        HttpResponse<String> response = E2E.system().putSettings(COMPANY, """
                {"enabled":true,"bucket":"%s","region":"us-east-1","folderPath":"audit/e2e","serverSideEncryption":true,
                 "credentials":{"method":"ACCESS_KEY","accessKeyId":"%s","secretAccessKey":"%s"}}""".formatted(
                E2E.bucket(), E2E.customerKey().accessKeyId(), E2E.customerKey().secretAccessKey()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).doesNotContain(E2E.customerKey().secretAccessKey());
    }

    /** Everything in the dead-letter topic (read to its end, so an extra record would show), by reason. */
    private static List<String> deadLetterReasons() {
        return DeadLetterTopic.readAll(
                        E2E.infrastructure().kafka(), E2E.system().topics.deadLetter())
                .stream()
                .map(DeadLetter::reason)
                .toList();
    }

    private static long count(String sql) throws Exception {
        return E2E.infrastructure().postgres().count(E2E.system().database, sql);
    }

    private static LocalDate onlyReceivedDay() throws Exception {
        try (Connection connection = E2E.system().database();
                ResultSet rows = connection
                        .createStatement()
                        .executeQuery(
                                "SELECT DISTINCT received_day FROM ingest.security_events WHERE company_id = 'acme'")) {
            rows.next();
            LocalDate day = rows.getObject(1, LocalDate.class);
            assertThat(rows.next()).as("all events received on one UTC day").isFalse();
            return day;
        }
    }
}

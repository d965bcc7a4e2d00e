package io.securityexport.localstack;

import io.securityexport.common.event.Actor;
import io.securityexport.common.event.SecurityEvent;
import io.securityexport.common.event.SecurityEventJson;
import io.securityexport.testsupport.AccessKey;
import io.securityexport.testsupport.Infrastructure;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The demo: sets up one company's export, publishes realistic security events through Kafka, requests the export
 * of today (a backfill through the API) and shows what landed in the bucket; then makes midnight come for the
 * scheduler and shows the SCHEDULED run that replaces the same object. Everything goes through the public edges
 * (Kafka, HTTP API, S3).
 */
final class Demo {

    static final String COMPANY = "demo-company";
    static final String BUCKET = "demo-security-events";
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final JsonMapper JSON = JsonMapper.shared();

    private final Infrastructure infrastructure;
    private final RunningServices services;
    private final String database;
    private final StackTopics topics;
    private final AccessKey customerKey;
    private final Midnight midnight;
    private final URI midnightUri;
    private final LocalTokens tokens;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Random random = new Random(20261121);

    Demo(
            Infrastructure infrastructure,
            RunningServices services,
            String database,
            StackTopics topics,
            AccessKey customerKey,
            Midnight midnight,
            URI midnightUri,
            LocalTokens tokens) {
        this.midnightUri = midnightUri;
        this.midnight = midnight;
        this.tokens = tokens;
        this.infrastructure = infrastructure;
        this.services = services;
        this.database = database;
        this.topics = topics;
        this.customerKey = customerKey;
    }

    record Outcome(LocalDate day, String key, long rows) {}

    Outcome run(int events) {
        say("creating bucket " + BUCKET + " and saving the export settings of " + COMPANY);
        infrastructure.s3().createBucket(BUCKET);
        call("PUT", "", """
                {"enabled":true,"bucket":"%s","region":"us-east-1","folderPath":"security-events",
                 "serverSideEncryption":true,
                 "credentials":{"method":"ACCESS_KEY","accessKeyId":"%s","secretAccessKey":"%s"}}""".formatted(BUCKET, customerKey.accessKeyId(), customerKey.secretAccessKey()));
        say("publishing " + events + " security events to Kafka topic " + topics.events());
        publish(events);
        awaitStored(events);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        say("backfill: requesting the export of " + today + " (POST …/runs)");
        JsonNode run = call("POST", "/runs", "{\"day\":\"" + today + "\"}");
        JsonNode finished = awaitRun(
                found -> found.get("jobId").asString().equals(run.get("jobId").asString()));
        String key = finished.path("objectKey").asString("");
        say(describe(finished));
        if ("SUCCEEDED".equals(finished.get("status").asString())) {
            say("first lines of the file:\n" + firstLines(key, 6));
        }
        LocalDate ended = midnight.comeNow();
        say("making midnight come now: the services' clock jumps past " + ended.plusDays(1)
                + " 00:02 UTC (again at any time: curl -X POST " + midnightUri + ")");
        JsonNode scheduled =
                awaitRun(found -> "SCHEDULED".equals(found.path("trigger").asString())
                        && ended.toString().equals(found.path("day").asString()));
        say(describe(scheduled) + " (the same key: the day's one object, replaced)");
        return new Outcome(today, key, finished.path("rows").asLong());
    }

    static String describe(JsonNode run) {
        return run.path("trigger").asString() + " run of " + run.path("day").asString() + " "
                + run.get("status").asString() + ": s3://" + BUCKET + "/"
                + run.path("objectKey").asString("")
                + "  rows=" + run.path("rows").asLong() + " bytes="
                + run.path("bytes").asLong()
                + " sha256=" + run.path("sha256").asString("") + errorOf(run);
    }

    private void publish(int count) {
        List<String> names = eventNames();
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                infrastructure.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                5);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            for (int developer = 1; developer <= 25; developer++) {
                String user =
                        "{\"developerId\":\"dev-%d\",\"companyId\":\"%s\",\"email\":\"dev%d.now@demo.example\",\"deleted\":%s}"
                                .formatted(developer, COMPANY, developer, developer % 10 == 0);
                producer.send(new ProducerRecord<>(
                        topics.dashboardUsers(), "dev-" + developer, user.getBytes(StandardCharsets.UTF_8)));
            }
            Instant now = Instant.now();
            for (int i = 0; i < count; i++) {
                SecurityEvent event = randomEvent(names, now);
                producer.send(new ProducerRecord<>(topics.events(), COMPANY, SecurityEventJson.toJson(event)));
            }
        }
    }

    private SecurityEvent randomEvent(List<String> names, Instant now) {
        int developer = 1 + random.nextInt(30);
        String name = names.get(random.nextInt(names.size()));
        ObjectNode properties = JSON.createObjectNode()
                .put("ip", "198.51.100." + random.nextInt(255))
                .put("userAgent", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5)")
                .put("appGroup", random.nextBoolean() ? "Production, EU" : "Staging \"blue\"");
        String other = name.contains("Developer") ? "teammate" + random.nextInt(9) + "@demo.example" : null;
        return new SecurityEvent(
                UUID.randomUUID().toString(),
                COMPANY,
                now.minusMillis(random.nextInt(6 * 3600 * 1000)),
                name,
                new Actor("dev-" + developer, "dev" + developer + "@demo.example"),
                other,
                JSON.writeValueAsString(properties));
    }

    private void awaitStored(int expected) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        long stored = 0;
        while (System.nanoTime() < deadline) {
            stored = storedEvents();
            if (stored >= expected) {
                say("ingest stored " + stored + " events");
                return;
            }
            pause();
        }
        throw new IllegalStateException("only " + stored + " of " + expected + " events were stored in time");
    }

    /** The first finished run in the history that matches. */
    private JsonNode awaitRun(Predicate<JsonNode> wanted) {
        return awaitRun(COMPANY, wanted);
    }

    /** The first finished run of {@code company} in the history that matches. */
    JsonNode awaitRun(String company, Predicate<JsonNode> wanted) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode run : call(company, "GET", "/runs", null)) {
                if (wanted.test(run) && !"REQUESTED".equals(run.get("status").asString())) {
                    return run;
                }
            }
            pause();
        }
        throw new IllegalStateException("the export run did not finish in time");
    }

    private String firstLines(String key, int lines) {
        String csv = new String(infrastructure.s3().getObject(BUCKET, key), StandardCharsets.UTF_8);
        return csv.lines().limit(lines).map(line -> "    " + line).collect(Collectors.joining("\n"));
    }

    private JsonNode call(String method, String path, String body) {
        return call(COMPANY, method, path, body);
    }

    /** A call of the config API as an admin of {@code company}; a non-2xx answer is an error. */
    JsonNode call(String company, String method, String path, String body) {
        URI uri = URI.create(services.configApi() + "/api/v1/companies/" + company + "/security-export" + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + tokens.admin(company))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(
                        method + " " + uri + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private long storedEvents() {
        Properties credentials = new Properties();
        credentials.setProperty("user", infrastructure.postgres().username());
        credentials.setProperty("password", infrastructure.postgres().password());
        try (Connection connection =
                        DriverManager.getConnection(infrastructure.postgres().jdbcUrl(database), credentials);
                ResultSet rows = connection
                        .createStatement()
                        .executeQuery(
                                "SELECT count(*) FROM ingest.security_events WHERE company_id = '" + COMPANY + "'")) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            return 0; // the table appears once the ingest service has migrated its schema
        }
    }

    private static List<String> eventNames() {
        try (InputStream in = Demo.class.getResourceAsStream("/event-names.txt");
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String errorOf(JsonNode run) {
        return run.path("errorCode").isString()
                ? " error=" + run.get("errorCode").asString() + ": "
                        + run.path("errorMessage").asString("")
                : "";
    }

    static void pause() {
        try {
            Thread.sleep(250); // the demo polls a running system; this is not test code
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void say(String message) {
        System.out.println("[demo] " + message);
    }
}

package io.securityexport.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.securityexport.localstack.RunningServices;
import io.securityexport.localstack.StackSettings;
import io.securityexport.localstack.StackTopics;
import io.securityexport.testsupport.Infrastructure;
import io.securityexport.testsupport.PostgresServer;
import io.securityexport.testsupport.ServiceEnvironment;
import io.securityexport.testsupport.TestResources;
import io.securityexport.testsupport.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The three services, wired as the local stack wires them, on this JVM's real infrastructure with their own
 * database and topics; plus the few calls the end-to-end tests make through the public edges.
 */
final class SystemUnderTest implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final Infrastructure infrastructure = Infrastructure.shared();
    final StackTopics topics;
    final String database;
    /** How the services were wired: a worker started elsewhere with these joins the same system. */
    final StackSettings settings;

    private final PostgresServer postgres;
    private final RunningServices services;

    SystemUnderTest(String name) {
        this(name, RunningServices.Options.defaults());
    }

    SystemUnderTest(String name, RunningServices.Options options) {
        this(name, options, 3);
    }

    /** @param jobPartitions partitions of the job topic (the other topics have 3) */
    SystemUnderTest(String name, RunningServices.Options options, int jobPartitions) {
        this(name, options, jobPartitions, Infrastructure.shared().postgres(), null);
    }

    /**
     * The system on a PostgreSQL server of the test's own; with {@code readReplica} (a streaming replica of it) the
     * worker reads days from there ({@code copy-database.replica.url}, on top of {@code options}' worker properties).
     */
    SystemUnderTest(String name, RunningServices.Options options, PostgresServer postgres, PostgresServer readReplica) {
        this(name, options, 3, postgres, readReplica);
    }

    private SystemUnderTest(
            String name,
            RunningServices.Options options,
            int jobPartitions,
            PostgresServer postgres,
            PostgresServer readReplica) {
        this.postgres = postgres;
        String run = TestResources.uniqueName(name);
        topics = StackTopics.prefixed(run);
        infrastructure.kafka().createTopics(jobPartitions, topics.exportJobs());
        infrastructure.kafka().createTopics(3, topics.all().toArray(String[]::new));
        database = postgres.createDatabase(name);
        if (readReplica != null) {
            java.util.Map<String, String> worker = new java.util.HashMap<>(options.workerExtra());
            worker.put("security-export.worker.copy-database.replica.url", readReplica.jdbcUrl(database));
            options = options.withWorkerProperties(worker);
        }
        settings = new StackSettings(
                postgres.host(),
                postgres.port(),
                database,
                postgres.username(),
                postgres.password(),
                infrastructure.kafka().bootstrapServers(),
                topics,
                run,
                infrastructure.s3().endpoint(),
                infrastructure.sts().endpoint(),
                infrastructure.sts().platformKey().accessKeyId(),
                infrastructure.sts().platformKey().secretAccessKey(),
                infrastructure.sts().platformAccountId(),
                ServiceEnvironment.TEST_SECRET_KEY,
                0,
                0,
                0);
        services = RunningServices.start(
                settings,
                // exports here happen on request; the midnight loop has its own tests with a clock in hand
                java.util.Map.of("SCHEDULER_ENABLED", "false"),
                options);
    }

    /** The worker's Prometheus scrape, to read its counters. */
    String workerMetrics() {
        return send(HttpRequest.newBuilder(URI.create(services.exportWorker() + "/actuator/prometheus"))
                        .GET())
                .body();
    }

    /** Saves access-key settings for the bucket; Test Credentials must pass unless {@code saveAnyway}. */
    void saveAccessKeySettings(String company, String bucket, String accessKeyId, String secret, boolean saveAnyway) {
        HttpResponse<String> response = putSettings(company, """
                {"bucket":"%s","credentials":{"method":"ACCESS_KEY","accessKeyId":"%s","secretAccessKey":"%s"}}""".formatted(bucket, accessKeyId, secret), saveAnyway);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    HttpResponse<String> putSettings(String company, String json) {
        return putSettings(company, json, false);
    }

    /** {@code saveAnyway} saves even when Test Credentials fails (to see what an export then does). */
    HttpResponse<String> putSettings(String company, String json, boolean saveAnyway) {
        return send(HttpRequest.newBuilder(URI.create(api(company, "") + (saveAnyway ? "?saveAnyway=true" : "")))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> updateSettings(String company, String json, String etag) {
        return send(HttpRequest.newBuilder(api(company, ""))
                .header("Content-Type", "application/json")
                .header("If-Match", etag)
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** {@code DELETE} of the settings: the export off and its secret erased. */
    HttpResponse<String> deleteSettings(String company) {
        return send(HttpRequest.newBuilder(api(company, "")).DELETE());
    }

    /** Waits until the run history shows a finished run of that day other than the given ones. */
    JsonNode awaitAnotherRun(String company, java.time.LocalDate day, java.util.Set<String> known) {
        return await().atMost(Duration.ofSeconds(90))
                .until(
                        () -> {
                            for (JsonNode run : JSON.readTree(send(HttpRequest.newBuilder(api(company, "/runs"))
                                            .GET())
                                    .body())) {
                                if (run.get("day").asString().equals(day.toString())
                                        && !known.contains(run.get("jobId").asString())
                                        && !run.get("status").asString().equals("REQUESTED")) {
                                    return run;
                                }
                            }
                            return null;
                        },
                        run -> run != null);
    }

    JsonNode get(String company, String path) {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(api(company, path)).GET());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** Requests the export of a day and waits until a worker's result is in the run history. */
    JsonNode exportAndAwait(String company, LocalDate day) {
        return awaitFinishedRun(company, requestExport(company, day), Duration.ofSeconds(90));
    }

    /** Requests the export of a day ({@code POST …/runs}); returns the job ID of the run. */
    String requestExport(String company, LocalDate day) {
        HttpResponse<String> requested = send(HttpRequest.newBuilder(api(company, "/runs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"day\":\"" + day + "\"}")));
        assertThat(requested.statusCode()).as(requested.body()).isEqualTo(202);
        return JSON.readTree(requested.body()).get("jobId").asString();
    }

    /** Waits until a worker's result for the job is in the run history. */
    JsonNode awaitFinishedRun(String company, String jobId, Duration atMost) {
        return await().atMost(atMost).until(() -> finishedRun(company, jobId), run -> run != null);
    }

    /** Readiness of the ingest service and the worker, which carry no authentication of their own. */
    int[] readinessStatuses() {
        return new int[] {
            send(HttpRequest.newBuilder(URI.create(services.ingestService() + "/actuator/health/readiness"))
                            .GET())
                    .statusCode(),
            send(HttpRequest.newBuilder(URI.create(services.exportWorker() + "/actuator/health/readiness"))
                            .GET())
                    .statusCode()
        };
    }

    Connection database() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(database), postgres.username(), postgres.password());
    }

    @Override
    public void close() {
        services.close();
    }

    /** The job's run once a worker's result is in the run history; null while it is not. */
    JsonNode finishedRun(String company, String jobId) {
        String history =
                send(HttpRequest.newBuilder(api(company, "/runs")).GET()).body();
        for (JsonNode run : JSON.readTree(history)) {
            if (run.get("jobId").asString().equals(jobId)
                    && !run.get("status").asString().equals("REQUESTED")) {
                return run;
            }
        }
        return null;
    }

    private URI api(String company, String path) {
        return URI.create(services.configApi() + "/api/v1/companies/" + company + "/security-export" + path);
    }

    /** Every call acts as an admin of the company its URL names, as the admin UI would. */
    private static HttpResponse<String> send(HttpRequest.Builder request) {
        java.util.regex.Matcher company = java.util.regex.Pattern.compile("/companies/([^/]+)/")
                .matcher(request.copy().build().uri().getPath());
        if (company.find()) {
            request.header("Authorization", "Bearer " + TestTokens.admin(company.group(1)));
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package io.securityexport.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The load benchmark's one HTTP client (the JDK's, non-blocking underneath; each simulated client waits for its own
 * answer, so the number of requests in flight is the number of clients) and the bookkeeping every request shares:
 * its latency and status go to the {@link Tally}, and a 5xx or a request without an answer is a finding.
 */
final class ApiCalls {

    /** Long enough that only a hung server runs into it. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    static final String NO_RETRY_AFTER = "429 without Retry-After";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client;
    private final URI base;
    private final Tally tally;
    private final Findings findings;

    ApiCalls(URI base, Tally tally, Findings findings) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // the API speaks HTTP/1.1 only; no h2c upgrade attempts
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        this.base = base;
        this.tally = tally;
        this.findings = findings;
    }

    record Answer(int status, HttpHeaders headers, String body) {

        Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        /** A 429 must say when to come back: {@code Retry-After} in whole seconds, at least 1. */
        boolean hasRetryAfter() {
            return header("Retry-After")
                    .filter(value -> value.matches("[0-9]+"))
                    .map(Long::parseLong)
                    .filter(seconds -> seconds >= 1)
                    .isPresent();
        }

        boolean isProblem() {
            return header("Content-Type").orElse("").startsWith("application/problem+json");
        }

        JsonNode json() {
            return JSON.readTree(body);
        }

        @Override
        public String toString() {
            return status + " " + header("Content-Type").orElse("") + " " + abbreviated(body);
        }
    }

    /** Counted in the same tally, sent over connections of its own. */
    ApiCalls withOwnConnections() {
        return new ApiCalls(base, tally, findings);
    }

    Tally tally() {
        return tally;
    }

    URI settings(String companyId) {
        return base.resolve("/api/v1/companies/" + companyId + "/security-export");
    }

    URI at(String companyId, String below) {
        return base.resolve("/api/v1/companies/" + companyId + "/security-export/" + below);
    }

    HttpRequest.Builder request(URI uri, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT);
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    /**
     * Sends the request and waits for its answer; empty when there was none. A status outside {@code expected} is a
     * finding of the given kind (and any 5xx is one of its own).
     */
    Optional<Answer> send(String operation, HttpRequest request, Set<Integer> expected, String unexpectedKind) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            Answer answer = new Answer(response.statusCode(), response.headers(), response.body());
            tally.record(operation, answer.status(), System.nanoTime() - start);
            if (answer.status() >= 500) {
                findings.add("5xx", describe(request, answer));
            } else if (!expected.contains(answer.status())) {
                findings.add(unexpectedKind, describe(request, answer));
            }
            return Optional.of(answer);
        } catch (IOException e) {
            tally.record(operation, Tally.NO_ANSWER, System.nanoTime() - start);
            findings.add("no answer", operation + ": " + request.method() + " " + request.uri() + ": " + e);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    void problem(String kind, String example) {
        findings.add(kind, example);
    }

    static String describe(HttpRequest request, Answer answer) {
        return request.method() + " " + request.uri() + " -> " + answer;
    }

    static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    private static String abbreviated(String body) {
        String line = body.replace('\n', ' ');
        return line.length() <= 300 ? line : line.substring(0, 300) + "…";
    }
}

package io.securityexport.benchmarks.soak;

import io.securityexport.testsupport.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The company admins of the soak: they change their export settings through the config API, as the console does
 * (read for the ETag, PUT with If-Match), on whichever replica answers, retrying while replicas are being killed.
 */
final class SettingsApi {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SettingsApi.class);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<ServiceProcess> replicas;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private int next;

    SettingsApi(List<ServiceProcess> replicas) {
        this.replicas = List.copyOf(replicas);
    }

    /**
     * Saves the settings (a JSON object), retrying over replicas for up to two minutes; a 412 (a save meanwhile) reads
     * again and retries. With {@code saveAnyway} the settings are stored even when Test Credentials fails (broken
     * credentials on purpose).
     */
    void save(String company, String settingsJson, boolean saveAnyway) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            URI base = replica().resolve("/api/v1/companies/" + company + "/security-export");
            try {
                HttpResponse<String> current =
                        http.send(request(company, base).GET().build(), body());
                HttpRequest.Builder put = request(company, URI.create(base + (saveAnyway ? "?saveAnyway=true" : "")))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(settingsJson));
                if (current.statusCode() == 200) {
                    put.header("If-Match", current.headers().firstValue("ETag").orElseThrow());
                } else if (current.statusCode() != 404) {
                    last = "GET " + current.statusCode() + " " + current.body();
                    Soak.pause(Duration.ofMillis(500));
                    continue;
                }
                HttpResponse<String> saved = http.send(put.build(), body());
                if (saved.statusCode() == 200 || saved.statusCode() == 201) {
                    return;
                }
                last = "PUT " + saved.statusCode() + " " + saved.body();
                log.info("soak: {} settings not saved yet: {}", company, last);
                if (saved.statusCode() == 429) {
                    // Test Credentials' budget for the company is spent: as long as the server says
                    long wait = saved.headers()
                            .firstValue("Retry-After")
                            .map(Long::parseLong)
                            .orElse(1L);
                    Soak.pause(Duration.ofSeconds(wait));
                    continue;
                }
                // 422: Test Credentials failed, S3 being faulty now and then: an admin tries again
                if (saved.statusCode() == 400) {
                    throw new IllegalStateException(company + ": settings refused: " + last);
                }
            } catch (IOException e) {
                last = e.toString(); // this replica is down: the next one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Soak.pause(Duration.ofMillis(500));
        }
        throw new IllegalStateException(company + ": settings not saved within 2 minutes: " + last);
    }

    private synchronized URI replica() {
        next = (next + 1) % replicas.size();
        return replicas.get(next).uri();
    }

    private HttpRequest.Builder request(String company, URI uri) {
        String token = tokens.computeIfAbsent(company, TestTokens::admin);
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token);
    }

    private static HttpResponse.BodyHandler<String> body() {
        return HttpResponse.BodyHandlers.ofString();
    }
}

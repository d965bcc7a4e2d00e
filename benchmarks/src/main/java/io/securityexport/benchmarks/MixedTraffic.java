package io.securityexport.benchmarks;

import io.securityexport.benchmarks.ApiTenants.Tenant;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client of the steady traffic: until the deadline, a random tenant and a random operation at a time, as many
 * consoles and scripts of many companies would: read the settings (35 %), read the run history (25 %), save the
 * settings with If-Match (20 %), run Test Credentials on the saved settings (20 %; 200, or 429 with Retry-After once
 * the tenant's budget is spent).
 */
final class MixedTraffic {

    static final String RUNS = "GET runs";
    static final String SAVE = "PUT settings (If-Match)";
    static final String TEST = "POST test-credentials";

    private static final String UNEXPECTED = "unexpected status";

    private final ApiCalls calls;
    private final ApiTenants tenants;
    private final Saves saves;
    private final Isolation isolation;
    private final AtomicLong testsPassed = new AtomicLong();
    private final AtomicLong testsFailed = new AtomicLong();

    MixedTraffic(ApiCalls calls, ApiTenants tenants, Saves saves, Isolation isolation) {
        this.calls = calls;
        this.tenants = tenants;
        this.saves = saves;
        this.isolation = isolation;
    }

    /** Test Credentials runs answered 200 whose checks all passed / did not all pass. */
    long testsPassed() {
        return testsPassed.get();
    }

    long testsFailed() {
        return testsFailed.get();
    }

    void run(String client, Instant until, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long sequence = 0;
        while (Instant.now().isBefore(until)) {
            Tenant tenant = tenants.get(random.nextInt(tenants.size()));
            int dice = random.nextInt(100);
            if (dice < 35) {
                saves.read(tenant);
            } else if (dice < 60) {
                readRuns(tenant);
            } else if (dice < 80) {
                saves.save(SAVE, tenant, client + "-" + ++sequence, false);
            } else {
                testCredentials(tenant);
            }
        }
    }

    private void readRuns(Tenant tenant) {
        HttpRequest get = calls.request(calls.at(tenant.companyId(), "runs?limit=20"), tenant.readerToken())
                .GET()
                .build();
        calls.send(RUNS, get, Set.of(200), UNEXPECTED)
                .filter(answer -> answer.status() == 200)
                .ifPresent(answer -> isolation.checkRuns(tenant, answer));
    }

    private void testCredentials(Tenant tenant) {
        HttpRequest post = calls.request(calls.at(tenant.companyId(), "test"), tenant.adminToken())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        Optional<ApiCalls.Answer> answer = calls.send(TEST, post, Set.of(200, 429), UNEXPECTED);
        answer.ifPresent(found -> {
            if (found.status() == 200) {
                (found.json().path("passed").asBoolean() ? testsPassed : testsFailed).incrementAndGet();
            } else if (found.status() == 429 && !found.hasRetryAfter()) {
                calls.problem(ApiCalls.NO_RETRY_AFTER, "POST test of " + tenant.companyId() + " -> " + found);
            }
        });
    }
}

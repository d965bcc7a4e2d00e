package io.securityexport.benchmarks;

import io.securityexport.benchmarks.ApiTenants.Tenant;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A save as a console makes it: read the settings and their ETag, then PUT with {@code If-Match}; a 412 (someone
 * saved meanwhile) means read again and retry. Every accepted save goes into the {@link SaveLedger}.
 */
final class Saves {

    static final String GET = "GET settings";

    private static final int ATTEMPTS = 50;
    private static final String UNEXPECTED = "unexpected status";

    private final ApiCalls calls;
    private final ApiTenants tenants;
    private final SaveLedger ledger;
    private final Isolation isolation;
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong givenUp = new AtomicLong();

    Saves(ApiCalls calls, ApiTenants tenants, SaveLedger ledger, Isolation isolation) {
        this.calls = calls;
        this.tenants = tenants;
        this.ledger = ledger;
        this.isolation = isolation;
    }

    long retries() {
        return retries.get();
    }

    long givenUp() {
        return givenUp.get();
    }

    /**
     * @param operation       the name the PUTs are counted under
     * @param mark            what this save writes after the tenant's folder prefix, unique to it
     * @param testCredentials true: the save runs Test Credentials first (and may get 422, or 429 once the tenant's
     *                        budget is spent); false: {@code saveAnyway=true}
     */
    void save(String operation, Tenant tenant, String mark, boolean testCredentials) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Optional<ApiCalls.Answer> read = read(tenant);
            if (read.isEmpty() || read.get().status() != 200) {
                return;
            }
            String etag = read.get().header("ETag").orElseThrow();
            Optional<ApiCalls.Answer> written = put(operation, tenant, etag, mark, testCredentials);
            if (written.isEmpty()) {
                ledger.unanswered(tenant.companyId());
                return;
            }
            if (written.get().status() != 412) {
                record(tenant, written.get());
                return;
            }
            retries.incrementAndGet();
        }
        givenUp.incrementAndGet();
    }

    Optional<ApiCalls.Answer> read(Tenant tenant) {
        HttpRequest get = calls.request(calls.settings(tenant.companyId()), tenant.adminToken())
                .GET()
                .build();
        Optional<ApiCalls.Answer> answer = calls.send(GET, get, Set.of(200), UNEXPECTED);
        answer.filter(found -> found.status() == 200).ifPresent(found -> isolation.checkSettings(tenant, found));
        return answer;
    }

    private Optional<ApiCalls.Answer> put(
            String operation, Tenant tenant, String etag, String mark, boolean testCredentials) {
        URI uri = calls.settings(tenant.companyId());
        HttpRequest put = calls.request(
                        testCredentials ? uri : URI.create(uri + "?saveAnyway=true"), tenant.adminToken())
                .header("Content-Type", "application/json")
                .header("If-Match", etag)
                .PUT(HttpRequest.BodyPublishers.ofString(tenants.updateBody(tenant, mark)))
                .build();
        Set<Integer> expected = testCredentials ? Set.of(200, 412, 422, 429) : Set.of(200, 412);
        return calls.send(operation, put, expected, UNEXPECTED);
    }

    private void record(Tenant tenant, ApiCalls.Answer answer) {
        if (answer.status() == 200) {
            isolation.checkSettings(tenant, answer);
            ledger.accepted(
                    tenant.companyId(),
                    answer.json().path("version").asLong(),
                    answer.json().path("folderPath").asString());
        } else if (answer.status() == 429 && !answer.hasRetryAfter()) {
            calls.problem(ApiCalls.NO_RETRY_AFTER, "PUT settings of " + tenant.companyId() + " -> " + answer);
        }
    }
}

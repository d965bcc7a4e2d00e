package io.securityexport.benchmarks;

import io.securityexport.benchmarks.ApiTenants.Tenant;
import io.securityexport.testsupport.TestTokens;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import tools.jackson.databind.JsonNode;

/**
 * Requests no console sends, mixed into the load: oversized bodies, malformed JSON, wrong types, missing, forged and
 * expired tokens, another tenant's token, a read token saving, headers over the limit. Each must get exactly its
 * status (and, where the API promises one, a problem+json naming the field); anything else is a finding.
 */
final class AbuseTraffic {

    static final String UNEXPECTED = "abuse answered unexpectedly";

    /** Above the API's 64 KiB limit. */
    private static final int OVERSIZED = 100 * 1024;
    /** Above the API's 16 KiB limit on all headers. */
    private static final int OVERSIZED_HEADER = 20 * 1024;

    /**
     * @param request the request, given the tenant it is sent as and another tenant
     * @param shape   what else the answer must show besides its status
     */
    record AbuseCase(
            String name,
            int expected,
            BiFunction<Tenant, Tenant, HttpRequest> request,
            Predicate<ApiCalls.Answer> shape,
            String shapeRule) {}

    private final ApiCalls calls;
    private final ApiTenants tenants;
    private final List<AbuseCase> cases;

    AbuseTraffic(ApiCalls calls, ApiTenants tenants) {
        this.calls = calls;
        this.tenants = tenants;
        this.cases = cases();
    }

    void run(Instant until, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int next = random.nextInt(cases.size());
        while (Instant.now().isBefore(until)) {
            AbuseCase abuse = cases.get(next++ % cases.size());
            Tenant tenant = tenants.get(random.nextInt(tenants.size()));
            Tenant other = tenants.get((tenants.all().indexOf(tenant) + 1) % tenants.size());
            HttpRequest request = abuse.request().apply(tenant, other);
            calls.send("abuse: " + abuse.name(), request, Set.of(abuse.expected()), UNEXPECTED)
                    .filter(answer -> answer.status() == abuse.expected())
                    .filter(abuse.shape().negate())
                    .ifPresent(answer ->
                            calls.problem(UNEXPECTED, abuse.shapeRule() + ": " + ApiCalls.describe(request, answer)));
        }
    }

    private List<AbuseCase> cases() {
        return List.of(
                new AbuseCase(
                        "oversized body, Content-Length",
                        413,
                        (tenant, other) -> put(tenant, HttpRequest.BodyPublishers.ofString(oversizedBody(tenant))),
                        ApiCalls.Answer::isProblem,
                        "413 must be problem+json"),
                new AbuseCase(
                        "oversized body, chunked",
                        413,
                        (tenant, other) -> put(
                                tenant,
                                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                                        oversizedBody(tenant).getBytes(StandardCharsets.UTF_8)))),
                        ApiCalls.Answer::isProblem,
                        "413 must be problem+json"),
                new AbuseCase(
                        "malformed JSON",
                        400,
                        (tenant, other) ->
                                put(tenant, body("{\"bucket\": \"" + tenants.bucket() + "\", \"credentials\": {")),
                        ApiCalls.Answer::isProblem,
                        "400 must be problem+json"),
                new AbuseCase(
                        "wrong type: enabled \"yes\"",
                        400,
                        (tenant, other) -> put(
                                tenant,
                                body(tenants.updateBody(tenant, "x")
                                        .replace("\"enabled\":true", "\"enabled\":\"yes\""))),
                        answer -> namesField(answer, "enabled"),
                        "400 must be problem+json naming field enabled"),
                new AbuseCase(
                        "wrong type: credentials.method 7",
                        400,
                        (tenant, other) -> put(
                                tenant,
                                body(tenants.updateBody(tenant, "x")
                                        .replace("\"method\":\"ACCESS_KEY\"", "\"method\":7"))),
                        answer -> namesField(answer, "credentials.method"),
                        "400 must be problem+json naming field credentials.method"),
                new AbuseCase(
                        "no such day: POST runs 2026-02-30",
                        400,
                        (tenant, other) -> calls.request(calls.at(tenant.companyId(), "runs"), tenant.adminToken())
                                .header("Content-Type", "application/json")
                                .POST(body(ApiCalls.json(Map.of("day", "2026-02-30"))))
                                .build(),
                        answer -> namesField(answer, "day"),
                        "400 must be problem+json naming field day"),
                new AbuseCase(
                        "no token",
                        401,
                        (tenant, other) -> calls.request(calls.settings(tenant.companyId()), null)
                                .GET()
                                .build(),
                        answer -> true,
                        ""),
                new AbuseCase(
                        "forged token (another's claims, this one's signature)",
                        401,
                        (tenant, other) -> calls.request(
                                        calls.settings(other.companyId()),
                                        forged(tenant.adminToken(), other.adminToken()))
                                .GET()
                                .build(),
                        answer -> true,
                        ""),
                new AbuseCase(
                        "expired token",
                        401,
                        (tenant, other) -> calls.request(calls.settings(tenant.companyId()), expired(tenant))
                                .GET()
                                .build(),
                        answer -> true,
                        ""),
                new AbuseCase(
                        "another tenant's token",
                        403,
                        (tenant, other) -> calls.request(calls.settings(other.companyId()), tenant.adminToken())
                                .GET()
                                .build(),
                        answer -> !answer.body().contains("folderPath")
                                && !answer.body().contains("accessKeyIdLast4"),
                        "403 must not show any settings"),
                new AbuseCase(
                        "read token saving",
                        403,
                        (tenant, other) -> calls.request(calls.settings(tenant.companyId()), tenant.readerToken())
                                .header("Content-Type", "application/json")
                                .header("If-Match", "\"1\"")
                                .PUT(body(tenants.updateBody(tenant, "reader")))
                                .build(),
                        answer -> true,
                        ""),
                new AbuseCase(
                        "headers over 16 KiB",
                        431,
                        (tenant, other) -> calls.request(calls.settings(tenant.companyId()), tenant.adminToken())
                                .header("X-Padding", "a".repeat(OVERSIZED_HEADER))
                                .GET()
                                .build(),
                        answer -> true,
                        ""));
    }

    /** A save that must never be applied: If-Match names the created version, long gone under the load. */
    private HttpRequest put(Tenant tenant, HttpRequest.BodyPublisher body) {
        return calls.request(calls.settings(tenant.companyId()), tenant.adminToken())
                .header("Content-Type", "application/json")
                .header("If-Match", "\"1\"")
                .PUT(body)
                .build();
    }

    private static HttpRequest.BodyPublisher body(String json) {
        return HttpRequest.BodyPublishers.ofString(json);
    }

    private String oversizedBody(Tenant tenant) {
        String settings = tenants.updateBody(tenant, "oversized");
        return settings.substring(0, settings.length() - 1) + ",\"padding\":\"" + "a".repeat(OVERSIZED) + "\"}";
    }

    private static boolean namesField(ApiCalls.Answer answer, String field) {
        if (!answer.isProblem()) {
            return false;
        }
        JsonNode errors = answer.json().path("errors");
        return StreamSupport.stream(errors.spliterator(), false)
                .anyMatch(error -> field.equals(error.path("field").asString()));
    }

    /** The other tenant's header and claims with this tenant's signature: well-formed, signed, not by that content. */
    private static String forged(String own, String others) {
        String[] mine = own.split("\\.");
        String[] theirs = others.split("\\.");
        return theirs[0] + "." + theirs[1] + "." + mine[2];
    }

    private static String expired(Tenant tenant) {
        return TestTokens.mint(
                tenant.companyId(),
                "admin@" + tenant.companyId() + ".example",
                TestTokens.ADMIN_SCOPE,
                Duration.ofMinutes(-10));
    }
}

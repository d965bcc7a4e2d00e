package io.securityexport.benchmarks;

import io.securityexport.testsupport.AccessKey;
import io.securityexport.testsupport.S3Server;
import io.securityexport.testsupport.TestTokens;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The load benchmark's tenants: each company with its own access key (registered with the S3 server, so that Test
 * Credentials really reaches it), its own admin and read tokens, and a folder named after itself, so that any answer
 * carrying another tenant's data is recognisable. They are created through the API itself (a PUT with
 * {@code saveAnyway=true}: set-up should not spend their Test Credentials budget), each with one requested run so
 * that the run history is not empty.
 */
final class ApiTenants {

    static final String REGION = "us-east-1";
    /** The version of settings just created (each tenant's database rows are new). */
    static final long CREATED_VERSION = 1;

    record Tenant(String companyId, AccessKey key, String adminToken, String readerToken) {

        /** Every folder path the benchmark writes for this tenant starts with this. */
        String folderPrefix() {
            return companyId + "/";
        }

        String keyLast4() {
            String id = key.accessKeyId();
            return id.substring(id.length() - 4);
        }
    }

    private final List<Tenant> tenants;
    private final String bucket;

    private ApiTenants(List<Tenant> tenants, String bucket) {
        this.tenants = tenants;
        this.bucket = bucket;
    }

    static ApiTenants of(int count, String bucket) {
        return new ApiTenants(
                IntStream.range(0, count).mapToObj(ApiTenants::tenant).toList(), bucket);
    }

    private static Tenant tenant(int index) {
        String companyId = "api-load-%05d".formatted(index);
        // AKIA + 16 characters and a 40-character secret, as the API's rules want them; last four digits unique
        AccessKey key = new AccessKey("AKIAAPILOAD%09d".formatted(index), "apiloadsecret%027d".formatted(index));
        return new Tenant(companyId, key, TestTokens.admin(companyId), TestTokens.reader(companyId));
    }

    List<Tenant> all() {
        return tenants;
    }

    Tenant get(int index) {
        return tenants.get(index);
    }

    int size() {
        return tenants.size();
    }

    String bucket() {
        return bucket;
    }

    /**
     * Creates every tenant's settings (version 1) and requests yesterday's export for each; the answers are not
     * counted in the figures.
     */
    void create(S3Server s3, ApiCalls calls) {
        s3.createBucket(bucket);
        String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
        for (Tenant tenant : tenants) {
            s3.registerKey(tenant.key());
            HttpRequest create = calls.request(
                            URI.create(calls.settings(tenant.companyId()) + "?saveAnyway=true"), tenant.adminToken())
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(createBody(tenant)))
                    .build();
            calls.send("setup: PUT settings (create)", create, Set.of(200), "setup failed");
            HttpRequest run = calls.request(calls.at(tenant.companyId(), "runs"), tenant.adminToken())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(ApiCalls.json(Map.of("day", yesterday))))
                    .build();
            calls.send("setup: POST runs", run, Set.of(202), "setup failed");
        }
    }

    String createBody(Tenant tenant) {
        Map<String, Object> credentials = new LinkedHashMap<>();
        credentials.put("method", "ACCESS_KEY");
        credentials.put("accessKeyId", tenant.key().accessKeyId());
        credentials.put("secretAccessKey", tenant.key().secretAccessKey());
        return ApiCalls.json(settings(tenant.folderPrefix() + "created", credentials));
    }

    /** An update that keeps the stored key pair and writes a recognisable folder path. */
    String updateBody(Tenant tenant, String mark) {
        return ApiCalls.json(settings(tenant.folderPrefix() + mark, Map.of("method", "ACCESS_KEY")));
    }

    private Map<String, Object> settings(String folderPath, Map<String, Object> credentials) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("enabled", true);
        body.put("bucket", bucket);
        body.put("region", REGION);
        body.put("folderPath", folderPath);
        body.put("credentials", credentials);
        return body;
    }
}

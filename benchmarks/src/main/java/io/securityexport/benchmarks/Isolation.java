package io.securityexport.benchmarks;

import io.securityexport.benchmarks.ApiTenants.Tenant;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * A tenant must only ever see its own data: every settings answer names its company, shows a folder under the
 * tenant's own prefix and the last four of the tenant's own key; every run in its history is its own.
 */
final class Isolation {

    static final String LEAK = "cross-tenant leak";

    private final Findings findings;
    private final AtomicLong checked = new AtomicLong();

    Isolation(Findings findings) {
        this.findings = findings;
    }

    long checked() {
        return checked.get();
    }

    void checkSettings(Tenant tenant, ApiCalls.Answer answer) {
        checked.incrementAndGet();
        JsonNode settings = answer.json();
        boolean own = tenant.companyId().equals(settings.path("companyId").asString())
                && settings.path("folderPath").asString().startsWith(tenant.folderPrefix())
                && tenant.keyLast4()
                        .equals(settings.path("credentials")
                                .path("accessKeyIdLast4")
                                .asString());
        if (!own) {
            findings.add(LEAK, "GET settings of " + tenant.companyId() + " answered " + answer);
        }
    }

    void checkRuns(Tenant tenant, ApiCalls.Answer answer) {
        checked.incrementAndGet();
        for (JsonNode run : answer.json()) {
            if (!tenant.companyId().equals(run.path("companyId").asString())) {
                findings.add(LEAK, "GET runs of " + tenant.companyId() + " listed " + run);
            }
        }
    }
}

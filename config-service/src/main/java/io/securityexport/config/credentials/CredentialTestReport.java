package io.securityexport.config.credentials;

import java.util.List;

/** All checks of one Test Credentials run; {@code passed} when none failed (warnings do not fail it). */
public record CredentialTestReport(boolean passed, List<CheckResult> checks) {

    static CredentialTestReport of(List<CheckResult> checks) {
        return new CredentialTestReport(
                checks.stream().noneMatch(c -> c.status() == CheckResult.Status.FAILED), checks);
    }
}

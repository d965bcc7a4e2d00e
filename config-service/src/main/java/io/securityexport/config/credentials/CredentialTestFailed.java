package io.securityexport.config.credentials;

/** Settings were not saved because Test Credentials failed; rendered as 422 with every check. */
public final class CredentialTestFailed extends RuntimeException {

    private final CredentialTestReport report;

    public CredentialTestFailed(CredentialTestReport report) {
        super("the credentials failed the test; nothing was saved", null, false, false);
        this.report = report;
    }

    public CredentialTestReport report() {
        return report;
    }
}

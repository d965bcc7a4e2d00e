package io.securityexport.config.runs;

/** An export was requested for a company without export settings: there is nowhere to write the day. */
public final class ExportNotConfigured extends RuntimeException {
    public ExportNotConfigured(String companyId) {
        super(
                "company " + companyId + " has no export settings: save a bucket and credentials first (PUT"
                        + " /api/v1/companies/" + companyId + "/security-export)",
                null,
                false,
                false);
    }
}

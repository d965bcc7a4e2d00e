package io.securityexport.config.runs;

import io.securityexport.config.i18n.Sentence;

/** An export was requested for a company without export settings: there is nowhere to write the day. */
public final class ExportNotConfigured extends RuntimeException {

    private final String companyId;

    public ExportNotConfigured(String companyId) {
        super("company " + companyId + " has no export settings", null, false, false);
        this.companyId = companyId;
    }

    /** What is missing and what to do, for the admin. */
    public Sentence sentence() {
        return Sentence.of("problem.export-not-configured.detail", companyId);
    }
}

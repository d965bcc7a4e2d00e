package io.securityexport.config.runs;

import io.securityexport.config.i18n.Sentence;

/** An export was requested while the company's export is switched off: off means off, nothing is queued. */
public final class ExportDisabled extends RuntimeException {

    private final String companyId;

    public ExportDisabled(String companyId) {
        super("the export of company " + companyId + " is switched off", null, false, false);
        this.companyId = companyId;
    }

    /** What is wrong and what to change, for the admin. */
    public Sentence sentence() {
        return Sentence.of("problem.export-disabled.detail", companyId);
    }
}

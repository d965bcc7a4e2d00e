package io.securityexport.config.runs;

/** An export was requested while the company's export is switched off: off means off, nothing is queued. */
public final class ExportDisabled extends RuntimeException {
    public ExportDisabled(String companyId) {
        super(
                "the export of company " + companyId + " is switched off (enabled: false): nothing is exported while it"
                        + " is off; switch it on to export this day (its failed days are then tried again too)",
                null,
                false,
                false);
    }
}

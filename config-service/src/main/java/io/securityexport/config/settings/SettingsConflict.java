package io.securityexport.config.settings;

/** Someone else changed the settings since they were read; rendered as 409 (or 412 for a stale If-Match). */
public final class SettingsConflict extends RuntimeException {
    public SettingsConflict(String companyId) {
        super("the export settings of company " + companyId + " were changed concurrently; read them again and retry",
                null, false, false);
    }
}

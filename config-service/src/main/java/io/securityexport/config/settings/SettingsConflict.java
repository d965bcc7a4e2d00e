package io.securityexport.config.settings;

/**
 * Someone else saved the settings between this request's read and its write; rendered as 409. (A stale If-Match
 * is found before that, as {@link PreconditionFailed}: 412.)
 */
public final class SettingsConflict extends RuntimeException {
    public SettingsConflict(String companyId) {
        super(
                "the export settings of company " + companyId + " were changed concurrently; read them again and retry",
                null,
                false,
                false);
    }
}

package io.securityexport.config.settings;

/** The company has no export settings (or the caller may not know that it has). */
public final class SettingsNotFound extends RuntimeException {
    public SettingsNotFound(String companyId) {
        super("no security event export is configured for company " + companyId, null, false, false);
    }
}

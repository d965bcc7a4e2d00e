package io.securityexport.config.settings;

import io.securityexport.config.i18n.Sentence;

/** The company has no export settings (or the caller may not know that it has). */
public final class SettingsNotFound extends RuntimeException {

    private final String companyId;

    public SettingsNotFound(String companyId) {
        super("no security event export is configured for company " + companyId, null, false, false);
        this.companyId = companyId;
    }

    /** What is missing, for the admin. */
    public Sentence sentence() {
        return Sentence.of("problem.not-configured.detail", companyId);
    }
}

package io.securityexport.config.settings;

import io.securityexport.config.i18n.Sentence;

/**
 * Someone else saved the settings between this request's read and its write; rendered as 409. (A stale If-Match
 * is found before that, as {@link PreconditionFailed}: 412.)
 */
public final class SettingsConflict extends RuntimeException {

    private final String companyId;

    public SettingsConflict(String companyId) {
        super("the export settings of company " + companyId + " were changed concurrently", null, false, false);
        this.companyId = companyId;
    }

    /** What happened and what to do, for the admin. */
    public Sentence sentence() {
        return Sentence.of("problem.concurrent-change.detail", companyId);
    }
}

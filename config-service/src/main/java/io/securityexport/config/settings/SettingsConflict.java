package io.securityexport.config.settings;

import io.securityexport.config.i18n.Sentence;

/**
 * Someone else created the settings between this request's read and its write, which had no version to match;
 * rendered as 409. (A stale If-Match, found before the write or by it, is {@link PreconditionFailed}: 412.)
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

package io.securityexport.config.settings;

import io.securityexport.config.i18n.Sentence;

/** An If-Match that no longer matches, or an update without one (428). */
public final class PreconditionFailed extends RuntimeException {

    private final boolean missing;
    private final Sentence sentence;

    public PreconditionFailed(Sentence sentence, boolean missing) {
        super(sentence.code(), null, false, false);
        this.sentence = sentence;
        this.missing = missing;
    }

    /** True when the request had no If-Match at all. */
    public boolean missing() {
        return missing;
    }

    /** What to do, for the admin. */
    public Sentence sentence() {
        return sentence;
    }
}

package io.securityexport.config.runs;

import io.securityexport.config.i18n.Sentence;

/** The requested day lies in the future or outside the retained data. */
public final class DayNotExportable extends RuntimeException {

    private final Sentence sentence;

    public DayNotExportable(Sentence sentence) {
        super(sentence.code() + " " + sentence.args(), null, false, false);
        this.sentence = sentence;
    }

    /** Why, for the admin. */
    public Sentence sentence() {
        return sentence;
    }
}

package io.securityexport.config.i18n;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A sentence for the admin, as a value: the key of its text in the {@code messages*.properties} bundles and the
 * arguments of its placeholders. Features say what happened with sentences; the web edge turns them into text in the
 * request's language ({@link Sentences#text}). An argument may itself be a sentence (a clause), said in the same
 * language.
 */
public record Sentence(String code, List<Object> args) {

    /** An argument may be null (a setting left empty): it is said as MessageFormat says it, not refused. */
    public Sentence {
        args = Collections.unmodifiableList(new ArrayList<>(args));
    }

    public static Sentence of(String code, Object... args) {
        return new Sentence(code, Arrays.asList(args));
    }
}

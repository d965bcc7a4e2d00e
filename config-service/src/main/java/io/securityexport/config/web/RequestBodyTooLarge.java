package io.securityexport.config.web;

import io.securityexport.config.i18n.Sentence;

/** A request body over {@code api.max-body-size}; rendered as 413 naming the limit. */
public final class RequestBodyTooLarge extends RuntimeException {

    private final long limitBytes;

    RequestBodyTooLarge(long limitBytes) {
        super("request body larger than " + limitBytes + " bytes", null, false, false);
        this.limitBytes = limitBytes;
    }

    long limitBytes() {
        return limitBytes;
    }

    Sentence sentence() {
        // a string, not a number: MessageFormat would group the digits differently per language
        return Sentence.of("problem.request-too-large.detail", String.valueOf(limitBytes));
    }
}

package io.securityexport.config.web;

import io.securityexport.config.i18n.Sentence;

/** One field of a request that is not acceptable, and why, as a sentence for the admin (in their language). */
public record FieldProblem(String field, Sentence message) {

    public static FieldProblem of(String field, String code, Object... args) {
        return new FieldProblem(field, Sentence.of(code, args));
    }
}

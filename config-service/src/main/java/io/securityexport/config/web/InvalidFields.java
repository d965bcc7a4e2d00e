package io.securityexport.config.web;

import java.util.List;

/**
 * Path, query or body fields that break the API's shared rules (a company ID, a required field); rendered as a 400
 * problem listing every bad field. Features with rules of their own have named errors of their own.
 */
public final class InvalidFields extends RuntimeException {

    private final List<FieldProblem> problems;

    public InvalidFields(List<FieldProblem> problems) {
        super(problems.size() + " invalid field(s)", null, false, false);
        this.problems = List.copyOf(problems);
    }

    /** One field, refused with the sentence {@code code}. */
    public static InvalidFields of(String field, String code, Object... args) {
        return new InvalidFields(List.of(FieldProblem.of(field, code, args)));
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}

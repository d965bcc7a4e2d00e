package io.securityexport.config.alerts;

import io.securityexport.config.web.FieldProblem;
import java.util.List;

/** A channel that cannot be accepted, with every field at fault (rendered as a 400 naming them). */
public final class InvalidChannel extends RuntimeException {

    private final List<FieldProblem> problems;

    InvalidChannel(List<FieldProblem> problems) {
        super(problems.size() + " invalid channel field(s)", null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}

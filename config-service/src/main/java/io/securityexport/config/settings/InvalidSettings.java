package io.securityexport.config.settings;

import io.securityexport.config.web.FieldProblem;
import java.util.List;

/** Settings refused field by field; rendered as a 400 problem listing every bad field. */
public final class InvalidSettings extends RuntimeException {

    private final List<FieldProblem> problems;

    public InvalidSettings(List<FieldProblem> problems) {
        super(problems.size() + " invalid field(s)", null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}

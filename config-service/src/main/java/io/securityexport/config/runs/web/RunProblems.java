package io.securityexport.config.runs.web;

import io.securityexport.config.i18n.Sentence;
import io.securityexport.config.runs.DayNotExportable;
import io.securityexport.config.runs.ExportDisabled;
import io.securityexport.config.runs.ExportNotConfigured;
import io.securityexport.config.web.FieldProblem;
import io.securityexport.config.web.Problems;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

@RestControllerAdvice
class RunProblems {

    private final Problems problems;

    RunProblems(Problems problems) {
        this.problems = problems;
    }

    /** Its own type, so a client can tell "not this day" from a malformed day; the field is named like any other. */
    @ExceptionHandler
    ProblemDetail dayNotExportable(DayNotExportable error, Locale locale) {
        Sentence why = error.sentence();
        return problems.fields(locale, "day-not-exportable", why, List.of(new FieldProblem("day", why)));
    }

    /**
     * 409, not 404 or 400: the request is well formed and the company may exist, but the export's state forbids it;
     * the detail says what to change.
     */
    @ExceptionHandler
    ProblemDetail exportDisabled(ExportDisabled error, Locale locale) {
        return problems.of(locale, HttpStatus.CONFLICT, "export-disabled", error.sentence());
    }

    @ExceptionHandler
    ProblemDetail exportNotConfigured(ExportNotConfigured error, Locale locale) {
        return problems.of(locale, HttpStatus.CONFLICT, "export-not-configured", error.sentence());
    }
}

package io.securityexport.config.runs.web;

import io.securityexport.config.runs.DayNotExportable;
import io.securityexport.config.runs.ExportDisabled;
import io.securityexport.config.runs.ExportNotConfigured;
import io.securityexport.config.web.FieldProblem;
import io.securityexport.config.web.Problems;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

@RestControllerAdvice
class RunProblems {

    /** Its own type, so a client can tell "not this day" from a malformed day; the field is named like any other. */
    @ExceptionHandler
    ProblemDetail dayNotExportable(DayNotExportable error) {
        return Problems.fields(
                "day-not-exportable",
                "Day cannot be exported",
                error.getMessage(),
                List.of(new FieldProblem("day", error.getMessage())));
    }

    /**
     * 409, not 404 or 400: the request is well formed and the company may exist, but the export's state forbids it;
     * the detail says what to change.
     */
    @ExceptionHandler
    ProblemDetail exportDisabled(ExportDisabled error) {
        return Problems.of(HttpStatus.CONFLICT, "export-disabled", "Export is switched off", error.getMessage());
    }

    @ExceptionHandler
    ProblemDetail exportNotConfigured(ExportNotConfigured error) {
        return Problems.of(
                HttpStatus.CONFLICT, "export-not-configured", "Export is not configured", error.getMessage());
    }
}

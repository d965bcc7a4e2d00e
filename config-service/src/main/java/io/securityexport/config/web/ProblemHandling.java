package io.securityexport.config.web;

import io.securityexport.config.runs.DayNotExportable;
import io.securityexport.config.credentials.CredentialTestFailed;
import io.securityexport.config.settings.FieldProblem;
import io.securityexport.config.settings.InvalidSettings;
import io.securityexport.config.settings.PreconditionFailed;
import io.securityexport.config.settings.SettingsConflict;
import io.securityexport.config.settings.SettingsNotFound;
import java.net.URI;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;

/**
 * Turns the API's named errors into RFC 9457 {@code application/problem+json}. Details are written for the admin;
 * they never contain submitted secrets or stack traces. Ordered first because Boot's own problem-details handler
 * (spring.webflux.problemdetails) also handles ServerWebInputException and would otherwise answer in its place,
 * without naming the field.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProblemHandling {

    private static final String TYPE_BASE = "https://security-export.dev/problems/";

    @ExceptionHandler
    ProblemDetail invalidSettings(InvalidSettings error) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-settings", "Invalid settings",
                "One or more fields are not acceptable; see 'errors'.");
        problem.setProperty("errors", error.problems());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail notFound(SettingsNotFound error) {
        return problem(HttpStatus.NOT_FOUND, "not-configured", "Export not configured", error.getMessage());
    }

    @ExceptionHandler
    ProblemDetail conflict(SettingsConflict error) {
        return problem(HttpStatus.CONFLICT, "concurrent-change", "Settings changed concurrently", error.getMessage());
    }

    @ExceptionHandler
    ProblemDetail precondition(PreconditionFailed error) {
        return problem(error.missing() ? HttpStatus.PRECONDITION_REQUIRED : HttpStatus.PRECONDITION_FAILED,
                error.missing() ? "if-match-required" : "stale-version",
                error.missing() ? "If-Match required" : "Settings changed since read", error.getMessage());
    }

    @ExceptionHandler
    ProblemDetail credentialTestFailed(CredentialTestFailed error) {
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "credential-test-failed", "Credential test failed",
                "The settings were not saved because Test Credentials failed; see 'checks'. Fix the policy and try"
                        + " again, or save anyway with ?saveAnyway=true.");
        problem.setProperty("checks", error.report().checks());
        return problem;
    }

    /** A rule broken deeper down that no named error covers; its message is ours (FolderPath's, say). */
    @ExceptionHandler
    ProblemDetail badArgument(IllegalArgumentException error) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-argument", "Invalid argument", error.getMessage());
    }

    @ExceptionHandler
    ProblemDetail dayNotExportable(DayNotExportable error) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "day-not-exportable", "Day cannot be exported",
                error.getMessage());
        problem.setProperty("errors", List.of(new FieldProblem("day", error.getMessage())));
        return problem;
    }

    /**
     * Malformed JSON, wrong types, duplicate keys, unreadable parameters: named per field, without echoing the
     * body, which may hold a secret.
     */
    @ExceptionHandler
    ProblemDetail unreadable(ServerWebInputException error) {
        MalformedInput input = MalformedInput.of(error);
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request", input.detail());
        problem.setProperty("errors", input.problems());
        return problem;
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title);
        return problem;
    }
}

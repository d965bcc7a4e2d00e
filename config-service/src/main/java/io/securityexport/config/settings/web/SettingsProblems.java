package io.securityexport.config.settings.web;

import io.securityexport.config.settings.InvalidSettings;
import io.securityexport.config.settings.PreconditionFailed;
import io.securityexport.config.settings.SettingsConflict;
import io.securityexport.config.settings.SettingsNotFound;
import io.securityexport.config.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The settings feature's named errors as problems. They apply to every endpoint (Test Credentials and aws-trust read
 * settings too), so this advice is not limited to the settings controller.
 */
@RestControllerAdvice
class SettingsProblems {

    @ExceptionHandler
    ProblemDetail invalidSettings(InvalidSettings error) {
        return Problems.fields(
                "invalid-settings",
                "Invalid settings",
                "One or more fields are not acceptable; see 'errors'.",
                error.problems());
    }

    @ExceptionHandler
    ProblemDetail notFound(SettingsNotFound error) {
        return Problems.of(HttpStatus.NOT_FOUND, "not-configured", "Export not configured", error.getMessage());
    }

    @ExceptionHandler
    ProblemDetail conflict(SettingsConflict error) {
        return Problems.of(
                HttpStatus.CONFLICT, "concurrent-change", "Settings changed concurrently", error.getMessage());
    }

    @ExceptionHandler
    ProblemDetail precondition(PreconditionFailed error) {
        return Problems.of(
                error.missing() ? HttpStatus.PRECONDITION_REQUIRED : HttpStatus.PRECONDITION_FAILED,
                error.missing() ? "if-match-required" : "stale-version",
                error.missing() ? "If-Match required" : "Settings changed since read",
                error.getMessage());
    }
}

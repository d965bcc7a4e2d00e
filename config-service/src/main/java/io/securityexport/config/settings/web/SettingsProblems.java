package io.securityexport.config.settings.web;

import io.securityexport.config.i18n.Sentence;
import io.securityexport.config.settings.InvalidSettings;
import io.securityexport.config.settings.PreconditionFailed;
import io.securityexport.config.settings.SettingsConflict;
import io.securityexport.config.settings.SettingsNotFound;
import io.securityexport.config.web.Problems;
import java.util.Locale;
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

    private final Problems problems;

    SettingsProblems(Problems problems) {
        this.problems = problems;
    }

    @ExceptionHandler
    ProblemDetail invalidSettings(InvalidSettings error, Locale locale) {
        return problems.fields(locale, "invalid-settings", Sentence.of("problem.fields.detail"), error.problems());
    }

    @ExceptionHandler
    ProblemDetail notFound(SettingsNotFound error, Locale locale) {
        return problems.of(locale, HttpStatus.NOT_FOUND, "not-configured", error.sentence());
    }

    @ExceptionHandler
    ProblemDetail conflict(SettingsConflict error, Locale locale) {
        return problems.of(locale, HttpStatus.CONFLICT, "concurrent-change", error.sentence());
    }

    @ExceptionHandler
    ProblemDetail precondition(PreconditionFailed error, Locale locale) {
        return problems.of(
                locale,
                error.missing() ? HttpStatus.PRECONDITION_REQUIRED : HttpStatus.PRECONDITION_FAILED,
                error.missing() ? "if-match-required" : "stale-version",
                error.sentence());
    }
}

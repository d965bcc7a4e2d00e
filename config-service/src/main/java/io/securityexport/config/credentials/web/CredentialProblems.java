package io.securityexport.config.credentials.web;

import io.securityexport.config.credentials.CredentialTestFailed;
import io.securityexport.config.credentials.TooManyCredentialTests;
import io.securityexport.config.i18n.Sentence;
import io.securityexport.config.web.Problems;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A save refused by Test Credentials (the settings controller asks it through settings' CredentialCheck), and a
 * company over its budget of test runs, on the test endpoint and on a save alike.
 */
@RestControllerAdvice
class CredentialProblems {

    private final Problems problems;
    private final CheckViews views;

    CredentialProblems(Problems problems, CheckViews views) {
        this.problems = problems;
        this.views = views;
    }

    @ExceptionHandler
    ProblemDetail credentialTestFailed(CredentialTestFailed error, Locale locale) {
        ProblemDetail problem = problems.of(
                locale,
                HttpStatus.UNPROCESSABLE_CONTENT,
                "credential-test-failed",
                Sentence.of("problem.credential-test-failed.detail"));
        problem.setProperty("checks", views.of(error.report().checks(), locale));
        return problem;
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> tooManyTests(TooManyCredentialTests error, Locale locale) {
        ProblemDetail problem =
                problems.of(locale, HttpStatus.TOO_MANY_REQUESTS, "too-many-credential-tests", error.sentence());
        problem.setProperty("retryAfterSeconds", error.retryAfterSeconds());
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(error.retryAfterSeconds()))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}

package io.securityexport.config.credentials.web;

import io.securityexport.config.credentials.CredentialTestFailed;
import io.securityexport.config.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** A save refused by Test Credentials (the settings controller asks it through settings' CredentialCheck). */
@RestControllerAdvice
class CredentialProblems {

    @ExceptionHandler
    ProblemDetail credentialTestFailed(CredentialTestFailed error) {
        ProblemDetail problem = Problems.of(
                HttpStatus.UNPROCESSABLE_CONTENT,
                "credential-test-failed",
                "Credential test failed",
                "The settings were not saved because Test Credentials failed; see 'checks'."
                        + " Fix the policy and try again, or save anyway with ?saveAnyway=true.");
        problem.setProperty("checks", error.report().checks());
        return problem;
    }
}

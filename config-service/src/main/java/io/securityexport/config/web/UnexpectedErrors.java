package io.securityexport.config.web;

import io.securityexport.config.i18n.Sentence;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Whatever no named error covers is our fault, not the caller's: a 500 problem that says nothing about the cause,
 * whose message may quote input, internals or a secret; the operator finds it in the log. This includes an
 * {@code IllegalArgumentException} from deep down: a rule the caller may break has a named error and a 400.
 * Ordered last, so that the features' handlers and Boot's handler of Spring's own web errors (404, 405, 415…) answer
 * first.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class UnexpectedErrors {

    private static final Logger log = LoggerFactory.getLogger(UnexpectedErrors.class);

    private final Problems problems;

    UnexpectedErrors(Problems problems) {
        this.problems = problems;
    }

    @ExceptionHandler
    ProblemDetail unexpected(Exception error, Locale locale) {
        if (error instanceof ErrorResponse spring) {
            return spring.getBody(); // Spring's own web errors carry their status and words (Boot answers them first)
        }
        log.error("request failed unexpectedly", error);
        return problems.of(
                locale,
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal-error",
                Sentence.of("problem.internal-error.detail"));
    }
}

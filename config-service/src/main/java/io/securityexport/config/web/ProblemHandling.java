package io.securityexport.config.web;

import io.securityexport.config.i18n.Sentence;
import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;

/**
 * The errors every endpoint shares: a request that cannot be read, and fields that break the shared rules. Each
 * feature maps its own named errors in its {@code web} package; anything unnamed is {@link UnexpectedErrors}'.
 * Ordered first because Boot's own problem-details handler (spring.webflux.problemdetails) also handles
 * ServerWebInputException and would otherwise answer in its place, without naming the field.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProblemHandling {

    private final Problems problems;

    ProblemHandling(Problems problems) {
        this.problems = problems;
    }

    /**
     * Malformed JSON, wrong types, duplicate keys, unreadable parameters: named per field, without echoing the
     * body, which may hold a secret.
     */
    @ExceptionHandler
    ProblemDetail unreadable(ServerWebInputException error, Locale locale) {
        MalformedInput input = MalformedInput.of(error);
        return problems.fields(locale, "malformed-request", input.detail(), input.problems());
    }

    @ExceptionHandler
    ProblemDetail invalidFields(InvalidFields error, Locale locale) {
        return problems.fields(locale, "invalid-request", Sentence.of("problem.fields.detail"), error.problems());
    }
}

package io.securityexport.config.web;

import io.securityexport.config.ConfigProperties;
import io.securityexport.config.i18n.Sentence;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
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

    private static final Logger log = LoggerFactory.getLogger(ProblemHandling.class);

    private final Problems problems;
    private final long limit;

    ProblemHandling(Problems problems, ConfigProperties properties) {
        this.problems = problems;
        this.limit = properties.api().maxBodySize().toBytes();
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

    /**
     * A body over {@code api.max-body-size} sent without a Content-Length ({@link BodySizeLimit} refuses the others
     * before reading); also the codecs' own in-memory limit, should it ever be the lower one.
     */
    @ExceptionHandler({RequestBodyTooLarge.class, DataBufferLimitException.class})
    ProblemDetail tooLarge(Exception error, Locale locale) {
        RequestBodyTooLarge tooLarge =
                error instanceof RequestBodyTooLarge ours ? ours : new RequestBodyTooLarge(limit);
        ProblemDetail problem =
                problems.of(locale, HttpStatus.CONTENT_TOO_LARGE, "request-too-large", tooLarge.sentence());
        problem.setProperty("maxBodyBytes", tooLarge.limitBytes());
        return problem;
    }

    /**
     * A body that did not arrive in time ({@link BodyTimeout}): the caller's fault or its network's, not ours, so
     * no stack trace; Netty closes the connection after this answer, which says so.
     */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> bodyTimedOut(RequestBodyTimedOut error, ServerHttpRequest request, Locale locale) {
        log.info(
                "request body not complete within {}, answered 408 and closed: {} {}",
                error.timeout(),
                request.getMethod(),
                request.getPath().value());
        ProblemDetail problem = problems.of(locale, HttpStatus.REQUEST_TIMEOUT, "request-timeout", error.sentence());
        problem.setProperty("bodyTimeoutSeconds", error.timeout().toSeconds());
        return ResponseEntity.status(HttpStatus.REQUEST_TIMEOUT)
                .header(HttpHeaders.CONNECTION, "close")
                .body(problem);
    }

    @ExceptionHandler
    ProblemDetail invalidFields(InvalidFields error, Locale locale) {
        return problems.fields(locale, "invalid-request", Sentence.of("problem.fields.detail"), error.problems());
    }
}

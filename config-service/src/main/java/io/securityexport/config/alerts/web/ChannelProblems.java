package io.securityexport.config.alerts.web;

import io.securityexport.config.alerts.ChannelNotFound;
import io.securityexport.config.alerts.InvalidChannel;
import io.securityexport.config.i18n.Sentence;
import io.securityexport.config.web.Problems;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

@RestControllerAdvice
class ChannelProblems {

    private final Problems problems;

    ChannelProblems(Problems problems) {
        this.problems = problems;
    }

    @ExceptionHandler
    ProblemDetail invalidChannel(InvalidChannel error, Locale locale) {
        return problems.fields(locale, "invalid-channel", Sentence.of("problem.fields.detail"), error.problems());
    }

    @ExceptionHandler
    ProblemDetail notFound(ChannelNotFound error, Locale locale) {
        return problems.of(
                locale, HttpStatus.NOT_FOUND, "channel-not-found", Sentence.of("problem.channel-not-found.detail"));
    }
}

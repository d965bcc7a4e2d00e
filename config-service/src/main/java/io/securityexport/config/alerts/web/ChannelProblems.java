package io.securityexport.config.alerts.web;

import io.securityexport.config.alerts.ChannelNotFound;
import io.securityexport.config.alerts.InvalidChannel;
import io.securityexport.config.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

@RestControllerAdvice
class ChannelProblems {

    @ExceptionHandler
    ProblemDetail invalidChannel(InvalidChannel error) {
        return Problems.fields(
                "invalid-channel",
                "Invalid channel",
                "One or more fields are not acceptable; see 'errors'.",
                error.problems());
    }

    @ExceptionHandler
    ProblemDetail notFound(ChannelNotFound error) {
        return Problems.of(HttpStatus.NOT_FOUND, "channel-not-found", "Channel not found", error.getMessage());
    }
}

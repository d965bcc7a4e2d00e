package io.securityexport.config.web;

import io.securityexport.config.i18n.Sentence;
import java.time.Duration;

/**
 * A request body not complete {@code api.body-timeout} after its headers; rendered as 408 naming the timeout, after
 * which Reactor Netty closes the connection.
 */
final class RequestBodyTimedOut extends RuntimeException {

    private final Duration timeout;

    RequestBodyTimedOut(Duration timeout, Throwable cause) {
        super("request body not complete within " + timeout, cause, false, false);
        this.timeout = timeout;
    }

    Duration timeout() {
        return timeout;
    }

    Sentence sentence() {
        return Sentence.of("problem.request-timeout.detail", String.valueOf(timeout.toSeconds()));
    }
}

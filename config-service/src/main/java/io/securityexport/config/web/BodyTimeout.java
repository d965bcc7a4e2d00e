package io.securityexport.config.web;

import io.netty.channel.ChannelException;
import io.securityexport.config.ConfigProperties;
import java.time.Duration;
import java.util.function.Consumer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * Names the body timeout that {@link ServerLimits} gives Reactor Netty ({@code requestTimeout}). When a body is not
 * complete in time, Netty fails the body's read with its own exception and closes the connection right after; the
 * handler reading the body would see an error nobody named (a 500 and an ERROR in the log). The read fails with
 * {@link RequestBodyTimedOut} instead, which {@link ProblemHandling} answers 408 before the close.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class BodyTimeout implements WebFilter {

    /** Netty's exception class is package-private, so it is recognised by name. */
    private static final String NETTYS_REQUEST_TIMEOUT = "reactor.netty.http.server.RequestTimeoutException";
    /** Reactor's context key for an onErrorDropped hook of one subscription ({@code Hooks.KEY_ON_ERROR_DROPPED}). */
    private static final String ON_ERROR_DROPPED = "reactor.onErrorDropped.local";

    private final Duration timeout;

    BodyTimeout(ConfigProperties properties) {
        this.timeout = properties.api().bodyTimeout();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return chain.filter(exchange.mutate().request(new Named(exchange)).build());
    }

    static boolean isNettysRequestTimeout(Throwable error) {
        return error instanceof ChannelException && error.getClass().getName().equals(NETTYS_REQUEST_TIMEOUT);
    }

    /**
     * For a read of the body outside {@link Named} (a body drained by {@link BodySizeLimit}): Netty's second timeout
     * signal, after the answer, is not logged as an ERROR; other dropped errors are reported as usual.
     */
    static final Context IGNORE_TIMEOUT_SIGNALLED_AGAIN =
            Context.of(ON_ERROR_DROPPED, (Consumer<Throwable>) BodyTimeout::droppedAfterAnswer);

    private static void droppedAfterAnswer(Throwable error) {
        if (!isNettysRequestTimeout(error)) {
            Operators.onErrorDropped(error, Context.empty()); // reported as Reactor would without this hook
        }
    }

    /** The request whose body fails with {@link RequestBodyTimedOut} when Netty's body timeout fires. */
    private final class Named extends ServerHttpRequestDecorator {

        Named(ServerWebExchange exchange) {
            super(exchange.getRequest());
        }

        /**
         * Netty signals the timeout a second time when it disposes the request after the 408 was sent; the operators
         * before this one, already terminated, would log that as an ERROR ("Operator called default
         * onErrorDropped"). Only that one is ignored.
         */
        @Override
        public Flux<DataBuffer> getBody() {
            return super.getBody()
                    .onErrorMap(BodyTimeout::isNettysRequestTimeout, error -> new RequestBodyTimedOut(timeout, error))
                    .contextWrite(IGNORE_TIMEOUT_SIGNALLED_AGAIN);
        }
    }
}

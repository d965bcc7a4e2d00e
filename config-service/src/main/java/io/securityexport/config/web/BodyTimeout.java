package io.securityexport.config.web;

import io.netty.channel.ChannelException;
import io.securityexport.config.ConfigProperties;
import java.time.Duration;
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

    /** The request whose body fails with {@link RequestBodyTimedOut} when Netty's body timeout fires. */
    private final class Named extends ServerHttpRequestDecorator {

        Named(ServerWebExchange exchange) {
            super(exchange.getRequest());
        }

        @Override
        public Flux<DataBuffer> getBody() {
            return super.getBody()
                    .onErrorMap(BodyTimeout::isNettysRequestTimeout, error -> new RequestBodyTimedOut(timeout, error));
        }
    }
}

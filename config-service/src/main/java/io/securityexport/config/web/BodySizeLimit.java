package io.securityexport.config.web;

import io.securityexport.config.ConfigProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses request bodies over {@code api.max-body-size} with 413, before authentication. A Content-Length over the
 * limit but within {@code api.max-body-drain} is a "lingering close": the body is read and discarded first (each
 * buffer released as it arrives; Netty's body timeout, {@code api.body-timeout}, bounds the wait), then the 413 is
 * answered and the connection may stay alive. Answering without reading would leave the body unread in the socket,
 * and a close with unread bytes makes the kernel send a reset that can destroy the 413 before the client reads it. A
 * Content-Length over the drain allowance is answered at once, without reading, and the connection closed: such a
 * client risks that reset, which is cheaper than reading megabytes for nothing. A body without one (chunked) is
 * counted as it arrives: the buffer that crosses the limit fails the read with {@link RequestBodyTooLarge} (answered
 * by {@link ProblemHandling} without reading the rest: a chunked body has no known end to drain to), so no more than
 * the limit is ever held. Right after the filter that labels answers with their language (so the 413 is labelled too) and before
 * everything else, so that not even the token check waits on such a request.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class BodySizeLimit implements WebFilter {

    private static final JsonMapper JSON = JsonMapper.shared();

    private final long limit;
    private final long drainAllowance;
    private final Problems problems;

    BodySizeLimit(ConfigProperties properties, Problems problems) {
        this.limit = properties.api().maxBodySize().toBytes();
        this.drainAllowance = properties.api().maxBodyDrain().toBytes();
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long declared = exchange.getRequest().getHeaders().getContentLength();
        if (declared > drainAllowance) {
            return refuse(exchange, true); // not worth reading: answered at once, then closed
        }
        if (declared > limit) {
            return drain(exchange).flatMap(complete -> refuse(exchange, !complete));
        }
        return chain.filter(exchange.mutate().request(new Counted(exchange)).build());
    }

    /**
     * Reads the body and throws it away; true once all of it was read, false if the read failed (the body timeout or
     * a client that went away), in which case the 413 is still attempted and the connection closed.
     */
    private static Mono<Boolean> drain(ServerWebExchange exchange) {
        return exchange.getRequest()
                .getBody()
                .doOnNext(DataBufferUtils::release)
                .then(Mono.just(true))
                .onErrorReturn(false)
                .contextWrite(BodyTimeout.IGNORE_TIMEOUT_SIGNALLED_AGAIN);
    }

    /** The problem of {@link ProblemHandling#tooLarge}, written here because no handler method runs yet. */
    private Mono<Void> refuse(ServerWebExchange exchange, boolean close) {
        RequestBodyTooLarge error = new RequestBodyTooLarge(limit);
        ProblemDetail problem = problems.of(
                exchange.getLocaleContext().getLocale(),
                HttpStatus.CONTENT_TOO_LARGE,
                "request-too-large",
                error.sentence());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        body.put("maxBodyBytes", limit);
        exchange.getResponse().setStatusCode(HttpStatus.CONTENT_TOO_LARGE);
        exchange.getResponse().getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (close) {
            // the body was not (all) read: the connection is closed after the answer rather than drained
            exchange.getResponse().getHeaders().setConnection("close");
        }
        DataBuffer buffer = exchange.getResponse().bufferFactory().wrap(JSON.writeValueAsBytes(body));
        return exchange.getResponse().writeWith(Mono.just(buffer));
    }

    /** The request with a body that fails once more than the limit has arrived. */
    private final class Counted extends ServerHttpRequestDecorator {

        Counted(ServerWebExchange exchange) {
            super(exchange.getRequest());
        }

        @Override
        public Flux<DataBuffer> getBody() {
            return Flux.defer(() -> {
                AtomicLong seen = new AtomicLong();
                return super.getBody().handle((buffer, sink) -> {
                    if (seen.addAndGet(buffer.readableByteCount()) > limit) {
                        DataBufferUtils.release(buffer);
                        sink.error(new RequestBodyTooLarge(limit));
                    } else {
                        sink.next(buffer);
                    }
                });
            });
        }
    }
}

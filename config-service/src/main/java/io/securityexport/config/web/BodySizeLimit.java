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
 * Refuses request bodies over {@code api.max-body-size} with 413. A Content-Length over the limit is answered at
 * once, before authentication and without reading the body. A body without one (chunked) is counted as it arrives:
 * the buffer that crosses the limit fails the read with {@link RequestBodyTooLarge} (answered by
 * {@link ProblemHandling}), so no more than the limit is ever held. Right after the filter that labels answers with
 * their language (so the 413 is labelled too) and before everything else, so that not even the token check waits on
 * such a request.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class BodySizeLimit implements WebFilter {

    private static final JsonMapper JSON = JsonMapper.shared();

    private final long limit;
    private final Problems problems;

    BodySizeLimit(ConfigProperties properties, Problems problems) {
        this.limit = properties.api().maxBodySize().toBytes();
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (exchange.getRequest().getHeaders().getContentLength() > limit) {
            return refuse(exchange);
        }
        return chain.filter(exchange.mutate().request(new Counted(exchange)).build());
    }

    /** The problem of {@link ProblemHandling#tooLarge}, written here because no handler method runs yet. */
    private Mono<Void> refuse(ServerWebExchange exchange) {
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
        // the body is not read: the connection is closed after the answer rather than drained
        exchange.getResponse().getHeaders().setConnection("close");
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

package io.securityexport.config.security;

import io.securityexport.config.i18n.Sentence;
import io.securityexport.config.web.Problems;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * 401 and 403 as problem+json like every other error of the API, in the request's language; the details never say
 * why a token was refused.
 */
@Component
class ProblemResponses {

    private static final JsonMapper JSON = JsonMapper.shared();

    private final Problems problems;

    ProblemResponses(Problems problems) {
        this.problems = problems;
    }

    Mono<Void> unauthorized(ServerWebExchange exchange, AuthenticationException error) {
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        return write(exchange, HttpStatus.UNAUTHORIZED, "unauthorized");
    }

    Mono<Void> forbidden(ServerWebExchange exchange, AccessDeniedException error) {
        return write(exchange, HttpStatus.FORBIDDEN, "forbidden");
    }

    private Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String type) {
        ProblemDetail problem = problems.of(
                exchange.getLocaleContext().getLocale(), status, type, Sentence.of("problem." + type + ".detail"));
        exchange.getResponse().setStatusCode(status);
        exchange.getResponse().getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        DataBuffer buffer = exchange.getResponse().bufferFactory().wrap(JSON.writeValueAsBytes(body));
        return exchange.getResponse().writeWith(Mono.just(buffer));
    }
}

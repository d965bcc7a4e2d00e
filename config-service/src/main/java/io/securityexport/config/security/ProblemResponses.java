package io.securityexport.config.security;

import java.nio.charset.StandardCharsets;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** 401 and 403 as problem+json like every other error of the API; the details never say why a token was refused. */
@Component
class ProblemResponses {

    Mono<Void> unauthorized(ServerWebExchange exchange, AuthenticationException error) {
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        return write(
                exchange, HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", "A valid bearer token is required.");
    }

    Mono<Void> forbidden(ServerWebExchange exchange, AccessDeniedException error) {
        return write(
                exchange,
                HttpStatus.FORBIDDEN,
                "forbidden",
                "Forbidden",
                "This token may not do this for this company.");
    }

    private static Mono<Void> write(
            ServerWebExchange exchange, HttpStatus status, String type, String title, String detail) {
        String body = "{\"type\":\"https://security-export.dev/problems/" + type + "\",\"title\":\"" + title
                + "\",\"status\":" + status.value() + ",\"detail\":\"" + detail + "\"}";
        exchange.getResponse().setStatusCode(status);
        exchange.getResponse().getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        DataBuffer buffer = exchange.getResponse().bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
        return exchange.getResponse().writeWith(Mono.just(buffer));
    }
}

package io.securityexport.config.i18n;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Every JSON answer of the API (problems included, 401 and 403 too) says which language its sentences are in, and
 * caches are told that the answer depends on {@code Accept-Language}. Ordered first so that it sees the answers the
 * security filters write themselves.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class ContentLanguage implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!exchange.getRequest().getPath().value().startsWith("/api/")) {
            return chain.filter(exchange);
        }
        exchange.getResponse().beforeCommit(() -> Mono.fromRunnable(() -> label(exchange)));
        return chain.filter(exchange);
    }

    private static void label(ServerWebExchange exchange) {
        HttpHeaders headers = exchange.getResponse().getHeaders();
        if (!headers.getVary().contains(HttpHeaders.ACCEPT_LANGUAGE)) {
            headers.add(HttpHeaders.VARY, HttpHeaders.ACCEPT_LANGUAGE);
        }
        MediaType type = headers.getContentType();
        if (type != null
                && (type.isCompatibleWith(MediaType.APPLICATION_JSON)
                        || type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))) {
            headers.setContentLanguage(Languages.of(exchange.getLocaleContext().getLocale()));
        }
    }
}

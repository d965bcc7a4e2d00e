package io.securityexport.config.console;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The console's pages and files carry a Content-Security-Policy without {@code unsafe-inline} or {@code
 * unsafe-eval}: scripts, styles, texts and API calls only from this origin, no plugins, no frames, no forms posted
 * elsewhere. The token travels in the URL fragment and the page removes it at once; no referrer is sent anyway.
 */
@Component
class ConsoleHeaders implements WebFilter {

    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (path.equals("/admin") || path.startsWith("/admin/")) {
            HttpHeaders headers = exchange.getResponse().getHeaders();
            headers.set("Content-Security-Policy", POLICY);
            headers.set("Referrer-Policy", "no-referrer");
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Cross-Origin-Opener-Policy", "same-origin");
        }
        return chain.filter(exchange);
    }
}

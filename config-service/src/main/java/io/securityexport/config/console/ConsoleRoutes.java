package io.securityexport.config.console;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** {@code /admin} answers the console's page; its scripts, styles and texts are static files under it. */
@Configuration(proxyBeanMethods = false)
class ConsoleRoutes {

    static final Resource PAGE = new ClassPathResource("static/admin/index.html");

    @Bean
    RouterFunction<ServerResponse> console() {
        return RouterFunctions.route()
                .GET("/admin", request -> page())
                .GET("/admin/", request -> page())
                .build();
    }

    private static reactor.core.publisher.Mono<ServerResponse> page() {
        return ServerResponse.ok().contentType(MediaType.TEXT_HTML).bodyValue(PAGE);
    }
}

package io.securityexport.config;

import io.securityexport.testsupport.TestTokens;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import reactor.core.publisher.Mono;

/** WebTestClients that act as an admin (or reader) of whichever company a request's URL names. */
public final class TenantClients {

    /**
     * Saving settings runs Test Credentials against the S3 and STS servers first: seconds on a busy 2-core machine,
     * more than WebTestClient's default 5 s. A hung call still fails, after this.
     */
    private static final java.time.Duration RESPONSE_TIMEOUT = java.time.Duration.ofSeconds(30);

    private static final Pattern COMPANY = Pattern.compile("/companies/([^/]+)/");

    private TenantClients() {}

    public static WebTestClient admin(int port) {
        return client(port, TestTokens::admin);
    }

    public static WebTestClient reader(int port) {
        return client(port, TestTokens::reader);
    }

    public static WebTestClient anonymous(int port) {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port + "/api/v1/companies")
                .responseTimeout(RESPONSE_TIMEOUT)
                .build();
    }

    private static WebTestClient client(int port, Function<String, String> token) {
        ExchangeFilterFunction bearer = ExchangeFilterFunction.ofRequestProcessor(request -> {
            Matcher company = COMPANY.matcher(request.url().getPath() + "/");
            if (!company.find()) {
                return Mono.just(request);
            }
            return Mono.just(ClientRequest.from(request)
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + token.apply(company.group(1)))
                    .build());
        });
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port + "/api/v1/companies")
                .filter(bearer)
                .responseTimeout(RESPONSE_TIMEOUT)
                .build();
    }
}

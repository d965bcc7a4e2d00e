package io.securityexport.config.security;

import io.securityexport.config.ConfigProperties;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * The API is an OAuth2 resource server: every call carries a JWT whose company claim must equal the company in the
 * path, with the read scope for reading and the admin scope for changes. Health, metrics and the API description
 * are open (scrape and probe without tokens; keep the port internal), and so are the admin console's static files:
 * the page holds no data, it calls this API with the token the platform handed over.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class ApiSecurity {

    static final String COMPANY_API = "/api/v1/companies/{companyId}/**";

    @Bean
    SecurityWebFilterChain api(
            ServerHttpSecurity http,
            ReactiveJwtDecoder decoder,
            ConfigProperties properties,
            ProblemResponses problems) {
        TenantAccess tenants = new TenantAccess(properties.auth().companyClaim());
        return http.csrf(ServerHttpSecurity.CsrfSpec::disable) // bearer tokens only, no cookies to forge
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers(
                                "/actuator/health/**",
                                "/actuator/info",
                                "/actuator/prometheus",
                                "/v3/api-docs/**",
                                "/swagger-ui.html",
                                "/swagger-ui/**",
                                "/webjars/**",
                                "/admin",
                                "/admin/**")
                        .permitAll()
                        .pathMatchers(HttpMethod.GET, COMPANY_API, "/api/v1/companies/{companyId}/security-export")
                        .access(tenants.withAnyScope(TenantAccess.READ_SCOPE, TenantAccess.ADMIN_SCOPE))
                        .pathMatchers(COMPANY_API, "/api/v1/companies/{companyId}/security-export")
                        .access(tenants.withAnyScope(TenantAccess.ADMIN_SCOPE))
                        .anyExchange()
                        .denyAll())
                .oauth2ResourceServer(server -> server.jwt(jwt -> jwt.jwtDecoder(decoder))
                        .authenticationEntryPoint(problems::unauthorized)
                        .accessDeniedHandler(problems::forbidden))
                .exceptionHandling(handling -> handling.authenticationEntryPoint(problems::unauthorized)
                        .accessDeniedHandler(problems::forbidden))
                .build();
    }

    /** Keys from a JWK set URL (the identity provider's) or one configured public key; the issuer checked if set. */
    @Bean
    ReactiveJwtDecoder jwtDecoder(ConfigProperties properties) throws Exception {
        ConfigProperties.Auth auth = properties.auth();
        NimbusReactiveJwtDecoder decoder;
        if (auth.jwkSetUri() != null && !auth.jwkSetUri().isBlank()) {
            decoder = NimbusReactiveJwtDecoder.withJwkSetUri(auth.jwkSetUri()).build();
        } else if (auth.publicKey() != null && !auth.publicKey().isBlank()) {
            decoder = NimbusReactiveJwtDecoder.withPublicKey(rsaPublicKey(auth.publicKey()))
                    .build();
        } else {
            throw new IllegalStateException(
                    "set AUTH_JWK_SET_URI or AUTH_PUBLIC_KEY: the API accepts only signed tokens");
        }
        if (auth.issuer() != null && !auth.issuer().isBlank()) {
            decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(auth.issuer()));
        }
        return decoder;
    }

    private static RSAPublicKey rsaPublicKey(String pem) throws Exception {
        String base64 = pem.replace("-----BEGIN PUBLIC KEY-----", "")
                .replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        return (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }
}

package io.securityexport.config.security;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.server.authorization.AuthorizationContext;

/**
 * A token may act only for the company it names, and only with the scopes the call needs. A token for company A on
 * company B's URL is refused before any handler runs, so nothing about B — not even whether it exists — leaks.
 */
final class TenantAccess {

    static final String READ_SCOPE = "security-export:read";
    static final String ADMIN_SCOPE = "security-export:admin";

    private final String companyClaim;

    TenantAccess(String companyClaim) {
        this.companyClaim = companyClaim;
    }

    ReactiveAuthorizationManager<AuthorizationContext> withAnyScope(String... scopes) {
        Set<String> wanted =
                Arrays.stream(scopes).map(scope -> "SCOPE_" + scope).collect(Collectors.toSet());
        return (authentication, context) -> authentication
                .filter(Authentication::isAuthenticated)
                .filter(JwtAuthenticationToken.class::isInstance)
                .cast(JwtAuthenticationToken.class)
                .<AuthorizationResult>map(
                        token -> new AuthorizationDecision(sameCompany(token, context) && hasScope(token, wanted)))
                .defaultIfEmpty(new AuthorizationDecision(false));
    }

    private boolean sameCompany(JwtAuthenticationToken token, AuthorizationContext context) {
        Object company = context.getVariables().get("companyId");
        return company != null && company.equals(token.getToken().getClaimAsString(companyClaim));
    }

    private static boolean hasScope(JwtAuthenticationToken token, Set<String> wanted) {
        return token.getAuthorities().stream().anyMatch(authority -> wanted.contains(authority.getAuthority()));
    }
}

package io.securityexport.localstack;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /token?company=acme[&scope=read]} on the control port: a bearer token for any company, and the link
 * that opens the admin console with it, as the platform's login would hand them out. Local only.
 */
final class TokenDesk {

    private static final JsonMapper JSON = JsonMapper.shared();

    private final LocalTokens tokens;
    private final URI console;

    /** @param console the admin console's address, e.g. {@code http://localhost:8080/admin} */
    TokenDesk(LocalTokens tokens, URI console) {
        this.tokens = tokens;
        this.console = console;
    }

    /** The console link that signs in as this token's company. */
    String consoleUrl(LocalTokens.Token token) {
        return console + "#company=" + token.companyId() + "&token=" + token.jwt();
    }

    void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Optional<Map<String, String>> accepted = ControlPort.accept(exchange, "GET", "company");
            if (accepted.isEmpty()) {
                return;
            }
            Map<String, String> query = accepted.get();
            String company = query.get("company");
            if (company == null || !LocalTokens.COMPANY_ID.matcher(company).matches()) {
                ControlPort.refuse(
                        exchange, "company", "must be 1-64 of A-Z, a-z, 0-9, '_' and '-' (GET /token?company=acme)");
                return;
            }
            LocalTokens.Scope scope;
            switch (query.getOrDefault("scope", "admin")) {
                case "admin" -> scope = LocalTokens.Scope.ADMIN;
                case "read" -> scope = LocalTokens.Scope.READ;
                default -> {
                    ControlPort.refuse(exchange, "scope", "must be admin or read");
                    return;
                }
            }
            LocalTokens.Token token = tokens.mint(company, scope);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("companyId", token.companyId());
            body.put("token", token.jwt());
            body.put("scope", token.scope().claim);
            body.put("expiresAt", token.expiresAt().toString());
            body.put("consoleUrl", consoleUrl(token));
            ControlPort.answer(exchange, 200, "application/json", JSON.writeValueAsString(body) + "\n");
        }
    }
}

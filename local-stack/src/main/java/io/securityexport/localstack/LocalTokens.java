package io.securityexport.localstack;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.securityexport.testsupport.TestTokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.regex.Pattern;

/**
 * The local stack's identity provider: mints bearer tokens for any company with the compose demo's key pair
 * ({@code docker/demo-jwt/}, public and local-only, on {@code DemoKeys}' list), so a token of
 * {@code docker/mint-demo-token.sh} works here too and one minted here works there. Same claims as that script.
 */
final class LocalTokens {

    /** What the config API accepts as a company ID in its path. */
    static final Pattern COMPANY_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** Long enough for a working session, as the mint script's tokens. */
    static final Duration VALIDITY = Duration.ofHours(12);

    private final PrivateKey signingKey;
    private final String publicKeyPem;
    private final Clock clock;

    private LocalTokens(PrivateKey signingKey, String publicKeyPem, Clock clock) {
        this.signingKey = signingKey;
        this.publicKeyPem = publicKeyPem;
        this.clock = clock;
    }

    /** The demo key pair the build copied from {@code docker/demo-jwt/}; tokens expire by the real time. */
    static LocalTokens demoKeys() {
        return new LocalTokens(privateKey(resource("private.pem")), resource("public.pem"), Clock.systemUTC());
    }

    /** What the config service is told to trust ({@code AUTH_PUBLIC_KEY}). */
    String publicKeyPem() {
        return publicKeyPem;
    }

    enum Scope {
        ADMIN(TestTokens.ADMIN_SCOPE, "admin"),
        READ(TestTokens.READ_SCOPE, "reader");

        final String claim;
        final String role;

        Scope(String claim, String role) {
            this.claim = claim;
            this.role = role;
        }
    }

    record Token(String companyId, String jwt, Scope scope, Instant expiresAt) {}

    /** @throws IllegalArgumentException when {@code companyId} is not a company ID the API would accept */
    Token mint(String companyId, Scope scope) {
        if (companyId == null || !COMPANY_ID.matcher(companyId).matches()) {
            throw new IllegalArgumentException("a company ID is 1-64 of A-Z, a-z, 0-9, '_' and '-'");
        }
        Instant now = clock.instant();
        Instant expiresAt = now.plus(VALIDITY);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(TestTokens.ISSUER)
                .subject("dev-demo-" + scope.role)
                .claim("email", scope.role + "@" + companyId + ".example")
                .claim("company_id", companyId)
                .claim("scope", scope.claim)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiresAt))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        try {
            jwt.sign(new RSASSASigner(signingKey));
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a local token", e);
        }
        return new Token(companyId, jwt.serialize(), scope, expiresAt);
    }

    String admin(String companyId) {
        return mint(companyId, Scope.ADMIN).jwt();
    }

    private static String resource(String name) {
        try (InputStream in = LocalTokens.class.getResourceAsStream("/demo-jwt/" + name)) {
            if (in == null) {
                throw new IllegalStateException("demo-jwt/" + name + " is missing from the local stack's classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PrivateKey privateKey(String pkcs8Pem) {
        String base64 = pkcs8Pem.replace("-----BEGIN PRIVATE KEY-----", "")
                .replace("-----END PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("docker/demo-jwt/private.pem is not a PKCS#8 RSA key", e);
        }
    }
}

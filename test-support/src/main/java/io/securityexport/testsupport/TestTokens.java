package io.securityexport.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/**
 * Bearer tokens for tests and the local stack: one RSA key pair per JVM; services trust its public key
 * ({@link #publicKeyPem()}), and {@link #admin}/{@link #reader} mint tokens for one company, as the platform's
 * identity provider would.
 */
public final class TestTokens {

    public static final String ISSUER = "https://login.security-export.local";
    public static final String ADMIN_SCOPE = "security-export:admin";
    public static final String READ_SCOPE = "security-export:read";

    private static final KeyPair KEYS = generate();

    private TestTokens() {}

    public static String publicKeyPem() {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(KEYS.getPublic().getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
    }

    public static String admin(String companyId) {
        return mint(companyId, "admin@" + companyId + ".example", ADMIN_SCOPE, Duration.ofHours(12));
    }

    public static String reader(String companyId) {
        return mint(companyId, "reader@" + companyId + ".example", READ_SCOPE, Duration.ofHours(12));
    }

    public static String mint(String companyId, String email, String scope, Duration validity) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("dev-" + email.substring(0, email.indexOf('@')))
                .claim("email", email)
                .claim("company_id", companyId)
                .claim("scope", scope)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(validity)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        try {
            jwt.sign(new RSASSASigner(KEYS.getPrivate()));
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a test token", e);
        }
        return jwt.serialize();
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

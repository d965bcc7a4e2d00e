package io.securityexport.config.alerts;

import io.securityexport.common.secret.SecretValue;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook calls by the Standard Webhooks scheme (standardwebhooks.com), so receivers can use its libraries:
 * {@code webhook-signature: v1,<base64 HMAC-SHA256 over "{id}.{timestamp}.{body}">}, keyed with the Base64-decoded
 * part of the secret after {@code whsec_}.
 */
final class WebhookSigner {

    static final String SECRET_PREFIX = "whsec_";
    /** 32 bytes: above the scheme's 24-byte minimum, the HMAC-SHA256 block-size sweet spot. */
    private static final int SECRET_BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSigner() {}

    static SecretValue newSecret() {
        byte[] key = new byte[SECRET_BYTES];
        RANDOM.nextBytes(key);
        return new SecretValue(SECRET_PREFIX + Base64.getEncoder().encodeToString(key));
    }

    /** @return the value of the {@code webhook-signature} header */
    static String signature(SecretValue secret, String messageId, long timestampSeconds, String body) {
        byte[] key = Base64.getDecoder().decode(secret.reveal().substring(SECRET_PREFIX.length()));
        String signed = messageId + "." + timestampSeconds + "." + body;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            // every JDK has HmacSHA256; the key is never part of the message
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}

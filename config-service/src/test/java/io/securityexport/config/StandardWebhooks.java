package io.securityexport.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A receiver's verification of the Standard Webhooks scheme, written from the specification (not from our signer,
 * so the two cannot share a mistake): the key is the Base64 after {@code whsec_}; the signed content is
 * {@code id.timestamp.body}; {@code webhook-signature} is a space-separated list of {@code v1,<base64>}, any of
 * which may match; the timestamp must be within five minutes of now.
 */
public final class StandardWebhooks {

    static final long TOLERANCE_SECONDS = 5 * 60;

    private StandardWebhooks() {}

    public static boolean verify(
            String secret, String id, String timestamp, String body, String signatureHeader, long nowSeconds) {
        if (secret == null || id == null || timestamp == null || signatureHeader == null) {
            return false;
        }
        long sent;
        try {
            sent = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(nowSeconds - sent) > TOLERANCE_SECONDS) {
            return false;
        }
        byte[] expected =
                hmac(Base64.getDecoder().decode(secret.replaceFirst("^whsec_", "")), id + "." + timestamp + "." + body);
        for (String candidate : signatureHeader.split(" ")) {
            String[] parts = candidate.split(",", 2);
            if (parts.length == 2 && parts[0].equals("v1")) {
                byte[] given;
                try {
                    given = Base64.getDecoder().decode(parts[1]);
                } catch (IllegalArgumentException e) {
                    continue;
                }
                if (MessageDigest.isEqual(expected, given)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static byte[] hmac(byte[] key, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

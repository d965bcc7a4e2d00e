package io.securityexport.common.secret;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and opens secrets at rest with AES-256-GCM under versioned keys. New secrets use the active key; older
 * versions stay readable so keys can rotate. The company ID is the associated data, so a ciphertext copied to
 * another company's row does not open.
 */
public final class SecretKeyring {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<Integer, SecretKey> keys;
    private final int activeVersion;

    /** @param base64Keys key version → 32 random bytes in Base64; blank entries are slots not yet filled */
    public SecretKeyring(Map<Integer, String> base64Keys, int activeVersion) {
        TreeMap<Integer, SecretKey> decoded = new TreeMap<>();
        base64Keys.forEach((version, base64) -> {
            if (base64 != null && !base64.isBlank()) {
                decoded.put(version, aesKey(version, base64));
            }
        });
        if (!decoded.containsKey(activeVersion)) {
            throw new IllegalArgumentException("no secret key with the active version " + activeVersion);
        }
        this.keys = Map.copyOf(decoded);
        this.activeVersion = activeVersion;
    }

    public int activeVersion() {
        return activeVersion;
    }

    public SealedSecret seal(SecretValue secret, String companyId) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] ciphertext = run(
                Cipher.ENCRYPT_MODE,
                keys.get(activeVersion),
                nonce,
                companyId,
                secret.reveal().getBytes(StandardCharsets.UTF_8),
                0);
        return new SealedSecret(
                activeVersion,
                ByteBuffer.allocate(nonce.length + ciphertext.length)
                        .put(nonce)
                        .put(ciphertext)
                        .array());
    }

    public SecretValue open(SealedSecret sealed, String companyId) {
        SecretKey key = keys.get(sealed.keyVersion());
        if (key == null) {
            throw new SecretUnreadable("no secret key with version " + sealed.keyVersion() + " is configured");
        }
        byte[] data = sealed.nonceAndCiphertext();
        byte[] nonce = java.util.Arrays.copyOf(data, NONCE_BYTES);
        byte[] plaintext = run(Cipher.DECRYPT_MODE, key, nonce, companyId, data, NONCE_BYTES);
        return new SecretValue(new String(plaintext, StandardCharsets.UTF_8));
    }

    /** Re-seals under the active key; the path for rotating old ciphertexts forward. */
    public SealedSecret reseal(SealedSecret sealed, String companyId) {
        return sealed.keyVersion() == activeVersion ? sealed : seal(open(sealed, companyId), companyId);
    }

    private static byte[] run(int mode, SecretKey key, byte[] nonce, String companyId, byte[] input, int offset) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(("company:" + companyId).getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input, offset, input.length - offset);
        } catch (GeneralSecurityException e) {
            // The cause may describe the key material; keep only the fact.
            throw new SecretUnreadable("secret could not be " + (mode == Cipher.ENCRYPT_MODE ? "sealed" : "opened")
                    + " (wrong key, wrong company or tampered data)");
        }
    }

    private static SecretKey aesKey(int version, String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("secret key version " + version + " is not Base64");
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException("secret key version " + version + " must be 32 bytes (AES-256)");
        }
        return new SecretKeySpec(bytes, "AES");
    }
}

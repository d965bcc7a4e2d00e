package io.securityexport.common.secret;

/** A secret as stored: which key sealed it, and the AES-GCM nonce followed by the ciphertext and tag. */
public record SealedSecret(int keyVersion, byte[] nonceAndCiphertext) {

    @Override
    public String toString() {
        return "SealedSecret[keyVersion=" + keyVersion + "]";
    }
}

package io.securityexport.common.secret;

import java.util.Map;

/**
 * The configured keys that seal customers' secrets, as both the config service (seals) and the export worker
 * (opens) bind them.
 *
 * @param keys          version → 32 random bytes in Base64 (AES-256); blank entries are rotation slots not yet filled
 * @param activeVersion the version new secrets are sealed with
 */
public record SecretKeys(Map<Integer, String> keys, int activeVersion) {

    public SecretKeyring keyring() {
        return new SecretKeyring(keys, activeVersion);
    }

    @Override
    public String toString() {
        return "SecretKeys[versions=" + keys.keySet() + ", activeVersion=" + activeVersion + "]";
    }
}

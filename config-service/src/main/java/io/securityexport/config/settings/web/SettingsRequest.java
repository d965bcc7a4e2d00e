package io.securityexport.config.settings.web;

import io.securityexport.common.secret.SecretValue;
import io.securityexport.config.settings.SettingsChange;

/** Body of {@code PUT …/security-export}. */
record SettingsRequest(
        Boolean enabled,
        String bucket,
        String region,
        String folderPath,
        Boolean serverSideEncryption,
        Credentials credentials) {

    /** {@code secretAccessKey} may be left out to keep the stored one. */
    record Credentials(String method, String accessKeyId, String secretAccessKey) {
        @Override
        public String toString() {
            return "Credentials[method=" + method + ", accessKeyId=" + accessKeyId + ", secretAccessKey=****]";
        }
    }

    SettingsChange toChange() {
        Credentials given = credentials == null ? new Credentials(null, null, null) : credentials;
        return new SettingsChange(enabled, bucket, region, folderPath, serverSideEncryption, given.method(),
                given.accessKeyId(), given.secretAccessKey() == null ? null : new SecretValue(given.secretAccessKey()));
    }
}

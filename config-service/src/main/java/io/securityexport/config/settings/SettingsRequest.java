package io.securityexport.config.settings;

import io.securityexport.common.secret.SecretValue;

/** Body of {@code PUT …/security-export} and of {@code POST …/test} for unsaved settings. */
public record SettingsRequest(
        Boolean enabled,
        String bucket,
        String region,
        String folderPath,
        Boolean serverSideEncryption,
        Boolean gzip,
        Credentials credentials) {

    /**
     * {@code method} ACCESS_KEY with {@code accessKeyId} and {@code secretAccessKey} (leave out the secret, or both the key ID and the secret, to keep
     * what is stored), or ROLE_ARN with {@code roleArn}. The external ID is the server's and cannot be sent.
     */
    public record Credentials(String method, String accessKeyId, String secretAccessKey, String roleArn) {
        @Override
        public String toString() {
            return "Credentials[method=" + method + ", accessKeyId=" + accessKeyId + ", secretAccessKey=****, roleArn="
                    + roleArn + "]";
        }
    }

    public SettingsChange toChange() {
        Credentials given = credentials == null ? new Credentials(null, null, null, null) : credentials;
        return new SettingsChange(
                enabled,
                bucket,
                region,
                folderPath,
                serverSideEncryption,
                gzip,
                given.method(),
                given.accessKeyId(),
                given.secretAccessKey() == null ? null : new SecretValue(given.secretAccessKey()),
                given.roleArn());
    }
}

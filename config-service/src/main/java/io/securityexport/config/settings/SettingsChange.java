package io.securityexport.config.settings;

import io.securityexport.common.secret.SecretValue;

/**
 * What an admin asks to store. {@code secretAccessKey} may be null on an update that keeps the stored secret
 * (the API never returns it, so clients cannot send it back).
 */
public record SettingsChange(
        Boolean enabled,
        String bucket,
        String region,
        String folderPath,
        Boolean sseAes256,
        Boolean gzip,
        String credentialMethod,
        String accessKeyId,
        SecretValue secretAccessKey,
        String roleArn) {}

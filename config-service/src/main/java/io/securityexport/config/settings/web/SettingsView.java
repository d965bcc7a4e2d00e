package io.securityexport.config.settings.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.securityexport.config.settings.ExportCredentials;
import io.securityexport.config.settings.ExportSettings;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * What the API shows of the settings: never a secret, only that one is set and the access key ID's last four; and
 * the export's health at a glance (the same object as {@code GET …/health}).
 */
record SettingsView(
        String companyId,
        boolean enabled,
        String bucket,
        String region,
        String folderPath,
        boolean serverSideEncryption,
        boolean gzip,
        CredentialsView credentials,
        long version,
        Instant updatedAt,

        @Schema(description = "the export's health, as GET …/security-export/health answers it")
        Object health) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CredentialsView(
            String method, String accessKeyIdLast4, Boolean secretAccessKeySet, String roleArn, String externalId) {}

    static SettingsView of(ExportSettings settings, String externalId, Object health) {
        CredentialsView credentials;
        if (settings.credentials() instanceof ExportCredentials.AccessKey key) {
            String id = key.accessKeyId();
            credentials =
                    new CredentialsView(key.method(), id.substring(Math.max(0, id.length() - 4)), true, null, null);
        } else {
            ExportCredentials.AssumeRole role = (ExportCredentials.AssumeRole) settings.credentials();
            credentials = new CredentialsView(role.method(), null, null, role.roleArn(), externalId);
        }
        return new SettingsView(
                settings.companyId(),
                settings.enabled(),
                settings.bucket(),
                settings.region(),
                settings.folderPath().value(),
                settings.sseAes256(),
                settings.gzip(),
                credentials,
                settings.version(),
                settings.updatedAt(),
                health);
    }
}

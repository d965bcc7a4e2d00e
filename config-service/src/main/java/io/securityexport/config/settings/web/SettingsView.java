package io.securityexport.config.settings.web;

import io.securityexport.config.settings.ExportCredentials;
import io.securityexport.config.settings.ExportSettings;
import java.time.Instant;

/** What the API shows of the settings: never a secret, only that one is set and the access key ID's last four. */
record SettingsView(
        String companyId,
        boolean enabled,
        String bucket,
        String region,
        String folderPath,
        boolean serverSideEncryption,
        CredentialsView credentials,
        long version,
        Instant updatedAt) {

    record CredentialsView(String method, String accessKeyIdLast4, boolean secretAccessKeySet) {
    }

    static SettingsView of(ExportSettings settings) {
        ExportCredentials.AccessKey key = (ExportCredentials.AccessKey) settings.credentials();
        String id = key.accessKeyId();
        return new SettingsView(settings.companyId(), settings.enabled(), settings.bucket(), settings.region(),
                settings.folderPath().value(), settings.sseAes256(),
                new CredentialsView(key.method(), id.substring(Math.max(0, id.length() - 4)), true),
                settings.version(), settings.updatedAt());
    }
}

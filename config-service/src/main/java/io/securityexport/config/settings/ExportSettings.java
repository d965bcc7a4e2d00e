package io.securityexport.config.settings;

import io.securityexport.common.export.FolderPath;
import java.time.Instant;

/** A company's export settings as stored; {@code version} increases with every change. */
public record ExportSettings(
        String companyId,
        boolean enabled,
        String bucket,
        String region,
        FolderPath folderPath,
        boolean sseAes256,
        boolean gzip,
        ExportCredentials credentials,
        long version,
        Instant updatedAt) {}

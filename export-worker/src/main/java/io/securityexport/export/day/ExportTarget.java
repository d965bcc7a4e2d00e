package io.securityexport.export.target;

import io.securityexport.aws.CustomerCredentials;
import io.securityexport.common.export.FolderPath;

/** Where and how one company's files are written, with its credentials resolved for the duration of a job. */
public record ExportTarget(
        String companyId,
        boolean enabled,
        String bucket,
        String region,
        FolderPath folderPath,
        boolean sseAes256,
        boolean gzip,
        CustomerCredentials credentials) {
}

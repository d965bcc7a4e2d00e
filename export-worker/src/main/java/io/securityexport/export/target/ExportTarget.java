package io.securityexport.export.target;

import io.securityexport.common.export.FolderPath;
import io.securityexport.common.secret.SecretValue;

/** Where and how one company's files are written, with the secret opened for the duration of a job. */
public record ExportTarget(
        String companyId,
        boolean enabled,
        String bucket,
        String region,
        FolderPath folderPath,
        boolean sseAes256,
        String accessKeyId,
        SecretValue secretAccessKey) {
}

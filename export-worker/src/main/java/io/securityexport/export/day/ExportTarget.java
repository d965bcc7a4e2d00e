package io.securityexport.export.day;

import io.securityexport.aws.CustomerCredentials;
import io.securityexport.common.export.FolderPath;

/** Where and how one company's files are written, with its credentials resolved for the duration of a job. */
record ExportTarget(
        String bucket,
        String region,
        FolderPath folderPath,
        boolean sseAes256,
        boolean gzip,
        CustomerCredentials credentials) {}

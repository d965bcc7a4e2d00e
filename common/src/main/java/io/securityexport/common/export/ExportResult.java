package io.securityexport.common.export;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * What became of one export job; flows back to the config service for the run history. {@code CANCELLED}: the
 * company's export was switched off or deleted after the job was queued, so the worker wrote nothing; not a failure
 * (never retried), the error code and message say why.
 */
public record ExportResult(
        UUID jobId,
        String companyId,
        LocalDate day,
        Status status,
        String bucket,
        String objectKey,
        long rows,
        long bytes,
        String sha256,
        Instant startedAt,
        Instant finishedAt,
        String errorCode,
        String errorMessage) {

    public enum Status {
        SUCCEEDED,
        FAILED,
        CANCELLED
    }
}

package io.securityexport.config.runs;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** One export attempt as the run history shows it. */
public record ExportRun(
        UUID jobId,
        String companyId,
        LocalDate day,
        String trigger,
        String status,
        Instant requestedAt,
        String bucket,
        String objectKey,
        Long rows,
        Long bytes,
        String sha256,
        Instant startedAt,
        Instant finishedAt,
        String errorCode,
        String errorMessage,
        int attempt,
        Instant nextRetryAt,
        Long durationMillis) {

    public static final String REQUESTED = "REQUESTED";
}

package io.securityexport.config.runs;

import io.securityexport.common.export.ExportResult;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A worker's result recorded in the run history: what other features (alerts) react to. Announced once per result
 * that changed the history, so a duplicate delivery of a result already recorded as a success is not announced.
 */
public record RunFinished(
        UUID jobId,
        String companyId,
        LocalDate day,
        ExportResult.Status status,
        String errorCode,
        String errorMessage,
        Instant finishedAt) {

    static RunFinished of(ExportResult result) {
        return new RunFinished(
                result.jobId(),
                result.companyId(),
                result.day(),
                result.status(),
                result.errorCode(),
                result.errorMessage(),
                result.finishedAt());
    }

    public boolean succeeded() {
        return status == ExportResult.Status.SUCCEEDED;
    }
}

package io.securityexport.config.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A published run that no worker answered within the result timeout, failed here as {@code NO_RESULT} (and planned
 * for retry): a failure like any other for the features that tell the company, announced after it is stored.
 */
public record RunTimedOut(UUID jobId, String companyId, LocalDate day, Instant failedAt, String message) {

    public static final String ERROR_CODE = "NO_RESULT";
}

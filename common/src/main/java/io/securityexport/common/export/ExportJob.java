package io.securityexport.common.export;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * One company and one UTC day to export; the value of the export-job topic, keyed by company ID.
 * Carries no credentials: the worker reads the company's settings (secrets encrypted) when it runs the job.
 */
public record ExportJob(UUID jobId, String companyId, LocalDate day, Trigger trigger, Instant requestedAt) {

    public enum Trigger {
        /** The midnight run for the day that just ended. */
        SCHEDULED,
        /** Requested through the API for any retained day. */
        BACKFILL,
        /** Re-queued after a failed attempt. */
        RETRY
    }
}

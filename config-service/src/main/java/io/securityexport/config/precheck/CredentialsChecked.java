package io.securityexport.config.precheck;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A company's saved credentials were checked before the file of {@code day} is due (published in-process, after the
 * outcome is recorded), for the features that tell the company or show its health.
 *
 * @param failedCheck the first check that failed (e.g. {@code PutObject}), {@code null} when all passed
 * @param errorCode   what AWS answered to it, when it answered
 * @param message     what it means and what to change, for the admin; {@code null} when all passed
 */
public record CredentialsChecked(
        String companyId,
        LocalDate day,
        Instant checkedAt,
        boolean passed,
        String failedCheck,
        String errorCode,
        String message) {}

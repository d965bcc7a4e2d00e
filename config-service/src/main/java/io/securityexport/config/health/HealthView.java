package io.securityexport.config.health;

import io.securityexport.config.precheck.CredentialsChecked;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** {@link ExportHealth} as the API shows it, its sentences in the request's language (see {@link ExportHealth}). */
public record HealthView(
        ExportHealth.Status status,
        LocalDate lastSuccessfulDay,
        Instant failingSince,
        List<LocalDate> pendingDays,
        LocalDate oldestPendingDay,
        LocalDate oldestPendingLeavesOn,
        Integer daysLeft,
        String lastErrorCode,
        String lastErrorMessage,
        String summary,
        CredentialsChecked credentialCheck) {}

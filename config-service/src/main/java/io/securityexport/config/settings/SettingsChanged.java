package io.securityexport.config.settings;

import java.util.Optional;

/**
 * A change to a company's export settings, by whom: the subject and email of the token that made it.
 * {@code before} is empty for a creation, {@code after} for a deletion.
 */
public record SettingsChanged(
        String companyId,
        String actorId,
        String actorEmail,
        Optional<ExportSettings> before,
        Optional<ExportSettings> after) {}

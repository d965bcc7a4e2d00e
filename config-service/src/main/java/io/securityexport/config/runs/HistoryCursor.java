package io.securityexport.config.runs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Where a page of the run history ends: the history is ordered by day, request time and job ID (newest first), so
 * the last run of a page names the next page exactly, however many runs are requested meanwhile. Opaque to clients
 * (Base64url of the three values).
 */
public record HistoryCursor(LocalDate day, Instant requestedAt, UUID jobId) {

    static HistoryCursor after(ExportRun run) {
        return new HistoryCursor(run.day(), run.requestedAt(), run.jobId());
    }

    public String encoded() {
        String plain = day + "|" + requestedAt + "|" + jobId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor a client sent back, or empty when it is not one this API handed out. */
    public static Optional<HistoryCursor> parse(String encoded) {
        try {
            String[] parts =
                    new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8).split("\\|", -1);
            if (parts.length != 3) {
                return Optional.empty();
            }
            return Optional.of(
                    new HistoryCursor(LocalDate.parse(parts[0]), Instant.parse(parts[1]), UUID.fromString(parts[2])));
        } catch (RuntimeException notOurs) {
            return Optional.empty();
        }
    }
}

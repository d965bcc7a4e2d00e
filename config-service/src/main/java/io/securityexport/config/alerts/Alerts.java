package io.securityexport.config.alerts;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/** Words for each alert: the summary line a human reads first (payload, e-mail subject and body). */
final class Alerts {

    private static final JsonMapper JSON = JsonMapper.shared();

    private Alerts() {}

    static AlertPayload payload(AlertRaised alert, Instant at) {
        List<String> days = alert.days().stream().map(LocalDate::toString).toList();
        return new AlertPayload(
                alert.kind().wireName(),
                at.toString(),
                new AlertPayload.Data(
                        alert.companyId(),
                        alert.kind().wireName(),
                        days,
                        alert.errorCode(),
                        alert.message(),
                        summary(alert.kind(), alert.companyId(), days)));
    }

    static String summary(AlertKind kind, String companyId, List<String> days) {
        String which = days.isEmpty() ? "" : " of " + String.join(", ", days);
        return switch (kind) {
            case EXPORT_FAILED -> "Security event export" + which + " failed for " + companyId;
            case EXPORT_RECOVERED -> "Security event export" + which + " succeeded again for " + companyId;
            case EXPORT_AT_RISK -> "Security event export" + which + " is at risk for " + companyId;
            case CREDENTIALS_CHECK_FAILED -> "The export credentials of " + companyId + " failed their check";
            case TEST -> "Test notification for " + companyId + ": this channel works";
        };
    }

    static String json(AlertPayload payload) {
        return JSON.writeValueAsString(payload);
    }

    static AlertPayload parse(String json) {
        return JSON.readValue(json, AlertPayload.class);
    }
}

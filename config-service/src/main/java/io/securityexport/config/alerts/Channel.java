package io.securityexport.config.alerts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A notification channel as the API shows it: never its secret. {@code status} is {@code ACTIVE}, or
 * {@code FAILING} once deliveries kept failing (no alerts go there until a test notification succeeds).
 *
 * @param url       the webhook's URL; null for e-mail
 * @param addresses the e-mail addresses; empty for a webhook
 */
public record Channel(
        UUID id,
        String companyId,
        String kind,
        String url,
        List<String> addresses,
        String status,
        int consecutiveFailures,
        Instant failingSince,
        Instant createdAt) {

    public static final String WEBHOOK = "webhook";
    public static final String EMAIL = "email";
    static final String ACTIVE = "ACTIVE";
    static final String FAILING = "FAILING";
}

package io.securityexport.config.alerts;

import java.time.Instant;
import java.util.UUID;

/**
 * One alert on its way to one channel, as the delivery log shows it. {@code status}: PENDING (trying, next attempt
 * at {@code nextAttemptAt}), DELIVERED, FAILED (gave up after the maximum attempts) or ABANDONED (the channel was
 * marked FAILING). {@code lastResponse} is at most the first 200 characters of the receiver's answer.
 */
public record Delivery(
        UUID id,
        UUID alertId,
        UUID channelId,
        String kind,
        String status,
        int attempts,
        Instant nextAttemptAt,
        Instant lastAttemptAt,
        Integer lastStatusCode,
        String lastResponse,
        String lastError,
        Instant createdAt,
        Instant deliveredAt) {}

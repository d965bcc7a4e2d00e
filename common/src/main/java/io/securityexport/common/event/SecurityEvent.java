package io.securityexport.common.event;

import java.time.Instant;

/**
 * One security event, version 1 of the {@code security-events} contract, already validated.
 *
 * @param properties the event's properties as compact JSON, or {@code null} when it has none
 */
public record SecurityEvent(
        String eventId,
        String companyId,
        Instant occurredAt,
        String eventName,
        Actor actor,
        String otherAccount,
        String properties) {}

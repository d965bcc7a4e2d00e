package io.securityexport.ingest.events;

import io.securityexport.common.event.SecurityEvent;
import io.securityexport.ingest.IngestProperties;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Writes a batch of events in one statement. The batch travels as column arrays through {@code unnest}, each bound
 * as one array literal ({@link ArrayLiteral}), so a batch costs one round trip; {@code DISTINCT ON} drops duplicates inside the batch, {@code NOT EXISTS} those
 * already stored within the dedup window (across day partitions), and {@code ON CONFLICT} a concurrent twin.
 */
@Component
class EventStore {

    private static final String INSERT = """
            INSERT INTO ingest.security_events (received_day, company_id, event_id, received_at, occurred_at, event_name,
                                                actor_developer_id, actor_email, other_account, properties)
            SELECT DISTINCT ON (b.company_id, b.event_id)
                   $1, b.company_id, b.event_id, $2, b.occurred_at::timestamptz, b.event_name,
                   b.actor_developer_id, b.actor_email, b.other_account, b.properties
              FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
                   AS b(company_id, event_id, occurred_at, event_name, actor_developer_id, actor_email, other_account, properties)
             WHERE NOT EXISTS (SELECT 1 FROM ingest.security_events e
                                WHERE e.company_id = b.company_id AND e.event_id = b.event_id
                                  AND e.received_day BETWEEN $11 AND $1)
            ON CONFLICT DO NOTHING
            """;

    private final DatabaseClient database;
    private final IngestProperties properties;

    EventStore(DatabaseClient database, IngestProperties properties) {
        this.database = database;
        this.properties = properties;
    }

    /** @return how many rows were new (the rest were duplicates) */
    Mono<Long> store(List<SecurityEvent> events, Instant receivedAt, LocalDate receivedDay) {
        if (events.isEmpty()) {
            return Mono.just(0L);
        }
        return database.sql(INSERT)
                .bind(0, receivedDay)
                .bind(1, receivedAt)
                .bind(2, ArrayLiteral.ofText(events, SecurityEvent::companyId))
                .bind(3, ArrayLiteral.ofText(events, SecurityEvent::eventId))
                .bind(4, ArrayLiteral.ofInstants(events, SecurityEvent::occurredAt))
                .bind(5, ArrayLiteral.ofText(events, SecurityEvent::eventName))
                .bind(6, ArrayLiteral.ofText(events, event -> event.actor().developerId()))
                .bind(7, ArrayLiteral.ofText(events, event -> event.actor().email()))
                .bind(8, ArrayLiteral.ofText(events, SecurityEvent::otherAccount))
                .bind(9, ArrayLiteral.ofText(events, SecurityEvent::properties))
                .bind(10, receivedDay.minusDays(properties.dedupWindow().toDays()))
                .fetch()
                .rowsUpdated();
    }
}

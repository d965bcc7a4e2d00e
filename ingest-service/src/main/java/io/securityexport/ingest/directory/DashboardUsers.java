package io.securityexport.ingest.directory;

import java.time.Clock;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The directory of dashboard users: developer ID → current email. A tombstone (null value) or
 * {@code "deleted": true} marks the user gone, so the export shows the developer ID instead of an email.
 */
@Service
class DashboardUsers {

    private static final Logger log = LoggerFactory.getLogger(DashboardUsers.class);
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final String UPSERT = """
            INSERT INTO ingest.dashboard_users (developer_id, company_id, email, deleted, updated_at)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (developer_id) DO UPDATE
               SET company_id = EXCLUDED.company_id, email = EXCLUDED.email,
                   deleted = EXCLUDED.deleted, updated_at = EXCLUDED.updated_at
            """;
    private static final String MARK_DELETED =
            "UPDATE ingest.dashboard_users SET deleted = true, updated_at = $2 WHERE developer_id = $1";

    private final DatabaseClient database;
    private final Clock clock;

    DashboardUsers(DatabaseClient database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Applies the records in order, so the last word about a user wins as in the compacted topic. */
    Mono<Void> apply(List<ConsumerRecord<String, byte[]>> records) {
        return Flux.fromIterable(records)
                .concatMap(this::apply)
                .then();
    }

    private Mono<Void> apply(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            log.warn("ignored dashboard-users record without key partition={} offset={}", record.partition(), record.offset());
            return Mono.empty();
        }
        if (record.value() == null) {
            return database.sql(MARK_DELETED).bind(0, record.key()).bind(1, clock.instant()).then();
        }
        JsonNode user;
        try {
            user = JSON.readTree(record.value());
        } catch (JacksonException e) {
            log.warn("ignored unreadable dashboard-users record key={} offset={}", record.key(), record.offset());
            return Mono.empty();
        }
        String companyId = user.path("companyId").asString("");
        String email = user.path("email").asString("");
        boolean deleted = user.path("deleted").asBoolean(false);
        return database.sql(UPSERT)
                .bind(0, record.key())
                .bind(1, companyId)
                .bind(2, email)
                .bind(3, deleted)
                .bind(4, clock.instant())
                .then();
    }
}

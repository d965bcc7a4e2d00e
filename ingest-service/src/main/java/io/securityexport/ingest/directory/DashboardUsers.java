package io.securityexport.ingest.directory;

import io.securityexport.ingest.IngestProperties;
import io.securityexport.ingest.directory.DashboardUserRecord.Current;
import io.securityexport.ingest.directory.DashboardUserRecord.Gone;
import io.securityexport.ingest.directory.DashboardUserRecord.Read;
import io.securityexport.ingest.directory.DashboardUserRecord.Refused;
import io.securityexport.ingest.isolation.DeadLetters;
import io.securityexport.ingest.isolation.StorageRefusal;
import java.time.Clock;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The directory of dashboard users: developer ID → current email. A tombstone (null value) or
 * {@code "deleted": true} marks the user gone, so the export shows the developer ID instead of an email. A record that
 * breaks the contract, or that the database refuses for good, goes to {@code dashboard-users.DLT} with its reason
 * instead of stopping the directory.
 */
@Service
class DashboardUsers {

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
    private final DeadLetters deadLetters;
    private final DeadLetters.Route deadLetterRoute;

    DashboardUsers(DatabaseClient database, Clock clock, DeadLetters deadLetters, IngestProperties properties) {
        this.database = database;
        this.clock = clock;
        this.deadLetters = deadLetters;
        this.deadLetterRoute =
                new DeadLetters.Route(properties.topics().dashboardUsersDeadLetter(), "ingest.directory.dead_lettered");
    }

    /** Applies the records in order, so the last word about a user wins as in the compacted topic. */
    Mono<Void> apply(List<ConsumerRecord<String, byte[]>> records) {
        return Flux.fromIterable(records).concatMap(this::apply).then();
    }

    private Mono<Void> apply(ConsumerRecord<String, byte[]> record) {
        Read read = DashboardUserRecord.read(record.key(), record.value());
        if (read instanceof Refused refused) {
            return deadLetters.send(deadLetterRoute, record, refused.rejected());
        }
        return write(read)
                .onErrorResume(
                        StorageRefusal::isRefusal,
                        refusal -> deadLetters.send(deadLetterRoute, record, StorageRefusal.rejection(refusal)));
    }

    private Mono<Void> write(Read read) {
        if (read instanceof Current user) {
            return upsert(user.developerId(), user.companyId(), user.email(), false);
        }
        Gone gone = (Gone) read;
        if (gone.companyId() == null) {
            return database.sql(MARK_DELETED)
                    .bind(0, gone.developerId())
                    .bind(1, clock.instant())
                    .then();
        }
        return upsert(gone.developerId(), gone.companyId(), "", true);
    }

    private Mono<Void> upsert(String developerId, String companyId, String email, boolean deleted) {
        return database.sql(UPSERT)
                .bind(0, developerId)
                .bind(1, companyId)
                .bind(2, email)
                .bind(3, deleted)
                .bind(4, clock.instant())
                .then();
    }
}

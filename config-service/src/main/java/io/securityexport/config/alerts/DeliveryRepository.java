package io.securityexport.config.alerts;

import io.r2dbc.spi.Readable;
import io.securityexport.common.secret.SealedSecret;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The delivery outbox and log (config.alert_deliveries). */
@Repository
class DeliveryRepository {

    private static final String COLUMNS = "id, alert_id, channel_id, kind, status, attempts, next_attempt_at,"
            + " last_attempt_at, last_status_code, last_response, last_error, created_at, delivered_at";

    private final DatabaseClient database;

    DeliveryRepository(DatabaseClient database) {
        this.database = database;
    }

    /** One pending delivery per channel, due now; the delivery ID is the webhook's message ID. */
    Mono<Long> enqueue(
            UUID alertId, String companyId, List<UUID> channels, AlertKind kind, String payload, Instant now) {
        if (channels.isEmpty()) {
            return Mono.just(0L);
        }
        return Flux.fromIterable(channels)
                .concatMap(channel -> database.sql("INSERT INTO config.alert_deliveries (id, alert_id, channel_id,"
                                + " company_id, kind, payload, next_attempt_at, created_at)"
                                + " VALUES ($1,$2,$3,$4,$5,$6,$7,$7)")
                        .bind(0, UUID.randomUUID())
                        .bind(1, alertId)
                        .bind(2, channel)
                        .bind(3, companyId)
                        .bind(4, kind.wireName())
                        .bind(5, payload)
                        .bind(6, now)
                        .fetch()
                        .rowsUpdated())
                .reduce(0L, Long::sum);
    }

    /** The company's channels that get alerts (not those marked FAILING). */
    Mono<List<UUID>> activeChannels(String companyId) {
        return database.sql("SELECT id FROM config.alert_channels WHERE company_id = $1 AND status = 'ACTIVE'")
                .bind(0, companyId)
                .map(row -> row.get("id", UUID.class))
                .all()
                .collectList();
    }

    /**
     * Claims due deliveries: moves their next attempt a lease ahead so no other replica takes them while this one
     * sends, and returns them. The row locks last only for this statement (SKIP LOCKED lets replicas claim side by
     * side); the sending happens outside any transaction, so a slow receiver holds no database connection. A
     * replica that dies while sending leaves its claims to expire with the lease: the delivery is sent again, with
     * the same message ID (receivers deduplicate on webhook-id). Deliveries of a FAILING channel wait, except a
     * test, which is how a channel proves it works again.
     */
    Flux<ClaimedDelivery> claim(Instant now, Instant leaseUntil, int batch) {
        return database.sql("WITH claimed AS (UPDATE config.alert_deliveries d SET next_attempt_at = $2"
                        + " WHERE d.id IN (SELECT due.id FROM config.alert_deliveries due"
                        + " JOIN config.alert_channels c ON c.id = due.channel_id"
                        + " WHERE due.status = 'PENDING' AND due.next_attempt_at <= $1"
                        + " AND (c.status = 'ACTIVE' OR due.kind = 'test')"
                        + " ORDER BY due.next_attempt_at LIMIT $3 FOR UPDATE OF due SKIP LOCKED)"
                        + " RETURNING d.id, d.channel_id, d.company_id, d.payload, d.attempts)"
                        + " SELECT claimed.*, c.kind AS channel_kind, c.url, c.addresses, c.secret_key_version,"
                        + " c.secret_ciphertext FROM claimed JOIN config.alert_channels c ON c.id = claimed.channel_id")
                .bind(0, now)
                .bind(1, leaseUntil)
                .bind(2, batch)
                .map(DeliveryRepository::claimed)
                .all();
    }

    Mono<Void> delivered(ClaimedDelivery delivery, DeliveryOutcome outcome, Instant now) {
        return database.sql("UPDATE config.alert_deliveries SET status = 'DELIVERED', attempts = attempts + 1,"
                        + " last_attempt_at = $2, delivered_at = $2, next_attempt_at = NULL, last_status_code = $3,"
                        + " last_response = $4, last_error = NULL WHERE id = $1")
                .bind(0, delivery.id())
                .bind(1, now)
                .bind(2, Parameter.fromOrEmpty(outcome.statusCode(), Integer.class))
                .bind(3, Parameter.fromOrEmpty(outcome.response(), String.class))
                .then()
                .then(database.sql("UPDATE config.alert_channels SET status = 'ACTIVE', consecutive_failures = 0,"
                                + " failing_since = NULL WHERE id = $1")
                        .bind(0, delivery.channelId())
                        .then());
    }

    /**
     * Records a failed attempt: the delivery waits until {@code nextAttempt} (or is given up: FAILED when
     * {@code nextAttempt} is null); the channel counts one more failure in a row and is marked FAILING when that
     * streak reaches {@code failingAfterFailures} or began before {@code failingCutoff}, which abandons its pending
     * deliveries.
     */
    Mono<Void> failed(
            ClaimedDelivery delivery,
            DeliveryOutcome outcome,
            Instant now,
            Instant nextAttempt,
            int failingAfterFailures,
            Instant failingCutoff) {
        Mono<Void> attempt = database.sql("UPDATE config.alert_deliveries SET attempts = attempts + 1,"
                        + " last_attempt_at = $2, last_status_code = $3, last_response = $4, last_error = $5,"
                        + " status = CASE WHEN $6::timestamptz IS NULL THEN 'FAILED' ELSE 'PENDING' END,"
                        + " next_attempt_at = $6 WHERE id = $1")
                .bind(0, delivery.id())
                .bind(1, now)
                .bind(2, Parameter.fromOrEmpty(outcome.statusCode(), Integer.class))
                .bind(3, Parameter.fromOrEmpty(outcome.response(), String.class))
                .bind(4, Parameter.fromOrEmpty(outcome.error(), String.class))
                .bind(5, Parameter.fromOrEmpty(nextAttempt, Instant.class))
                .then();
        Mono<String> channel = database.sql("UPDATE config.alert_channels SET"
                        + " consecutive_failures = consecutive_failures + 1,"
                        + " failing_since = COALESCE(failing_since, $2),"
                        + " status = CASE WHEN consecutive_failures + 1 >= $3 OR COALESCE(failing_since, $2) <= $4"
                        + " THEN 'FAILING' ELSE status END WHERE id = $1 RETURNING status")
                .bind(0, delivery.channelId())
                .bind(1, now)
                .bind(2, failingAfterFailures)
                .bind(3, failingCutoff)
                .map(row -> row.get("status", String.class))
                .one();
        return attempt.then(channel)
                .filter(Channel.FAILING::equals)
                .flatMap(failing -> database.sql("UPDATE config.alert_deliveries SET status = 'ABANDONED',"
                                + " next_attempt_at = NULL WHERE channel_id = $1 AND status = 'PENDING'")
                        .bind(0, delivery.channelId())
                        .then());
    }

    Flux<Delivery> log(String companyId, UUID channelId, int limit) {
        return database.sql("SELECT " + COLUMNS + " FROM config.alert_deliveries"
                        + " WHERE company_id = $1 AND channel_id = $2 ORDER BY created_at DESC, id LIMIT $3")
                .bind(0, companyId)
                .bind(1, channelId)
                .bind(2, limit)
                .map(DeliveryRepository::delivery)
                .all();
    }

    Mono<Delivery> find(UUID id) {
        return database.sql("SELECT " + COLUMNS + " FROM config.alert_deliveries WHERE id = $1")
                .bind(0, id)
                .map(DeliveryRepository::delivery)
                .one();
    }

    private static ClaimedDelivery claimed(Readable row) {
        String[] addresses = row.get("addresses", String[].class);
        Integer keyVersion = row.get("secret_key_version", Integer.class);
        ByteBuffer ciphertext = row.get("secret_ciphertext", ByteBuffer.class);
        SealedSecret secret = null;
        if (keyVersion != null && ciphertext != null) {
            byte[] bytes = new byte[ciphertext.remaining()];
            ciphertext.get(bytes);
            secret = new SealedSecret(keyVersion, bytes);
        }
        return new ClaimedDelivery(
                row.get("id", UUID.class),
                row.get("channel_id", UUID.class),
                row.get("company_id", String.class),
                row.get("payload", String.class),
                row.get("attempts", Integer.class),
                row.get("channel_kind", String.class),
                row.get("url", String.class),
                addresses == null ? List.of() : Arrays.asList(addresses),
                secret);
    }

    private static Delivery delivery(Readable row) {
        return new Delivery(
                row.get("id", UUID.class),
                row.get("alert_id", UUID.class),
                row.get("channel_id", UUID.class),
                row.get("kind", String.class),
                row.get("status", String.class),
                row.get("attempts", Integer.class),
                row.get("next_attempt_at", Instant.class),
                row.get("last_attempt_at", Instant.class),
                row.get("last_status_code", Integer.class),
                row.get("last_response", String.class),
                row.get("last_error", String.class),
                row.get("created_at", Instant.class),
                row.get("delivered_at", Instant.class));
    }
}

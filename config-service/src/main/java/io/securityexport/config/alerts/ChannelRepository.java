package io.securityexport.config.alerts;

import io.r2dbc.spi.Readable;
import io.securityexport.common.secret.SealedSecret;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@Repository
class ChannelRepository {

    private static final String COLUMNS =
            "id, company_id, kind, url, addresses, status, consecutive_failures, failing_since, created_at";

    private final DatabaseClient database;

    ChannelRepository(DatabaseClient database) {
        this.database = database;
    }

    Mono<Void> insert(Channel channel, SealedSecret secret) {
        return database.sql("INSERT INTO config.alert_channels (" + COLUMNS
                        + ", secret_key_version, secret_ciphertext) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)")
                .bind(0, channel.id())
                .bind(1, channel.companyId())
                .bind(2, channel.kind())
                .bind(3, Parameter.fromOrEmpty(channel.url(), String.class))
                .bind(4, channel.addresses().toArray(String[]::new))
                .bind(5, channel.status())
                .bind(6, channel.consecutiveFailures())
                .bind(7, Parameter.fromOrEmpty(channel.failingSince(), Instant.class))
                .bind(8, channel.createdAt())
                .bind(9, Parameter.fromOrEmpty(secret == null ? null : secret.keyVersion(), Integer.class))
                .bind(10, Parameter.fromOrEmpty(secret == null ? null : secret.nonceAndCiphertext(), byte[].class))
                .then();
    }

    Flux<Channel> list(String companyId) {
        return database.sql(
                        "SELECT " + COLUMNS + " FROM config.alert_channels WHERE company_id = $1 ORDER BY created_at")
                .bind(0, companyId)
                .map(ChannelRepository::channel)
                .all();
    }

    Mono<Channel> find(String companyId, UUID id) {
        return database.sql("SELECT " + COLUMNS + " FROM config.alert_channels WHERE company_id = $1 AND id = $2")
                .bind(0, companyId)
                .bind(1, id)
                .map(ChannelRepository::channel)
                .one();
    }

    /** Deleting the row erases the sealed secret and the channel's delivery log with it. */
    Mono<Channel> delete(String companyId, UUID id) {
        return database.sql("DELETE FROM config.alert_channels WHERE company_id = $1 AND id = $2 RETURNING " + COLUMNS)
                .bind(0, companyId)
                .bind(1, id)
                .map(ChannelRepository::channel)
                .one();
    }

    static Channel channel(Readable row) {
        String[] addresses = row.get("addresses", String[].class);
        return new Channel(
                row.get("id", UUID.class),
                row.get("company_id", String.class),
                row.get("kind", String.class),
                row.get("url", String.class),
                addresses == null ? List.of() : Arrays.asList(addresses),
                row.get("status", String.class),
                row.get("consecutive_failures", Integer.class),
                row.get("failing_since", Instant.class),
                row.get("created_at", Instant.class));
    }
}

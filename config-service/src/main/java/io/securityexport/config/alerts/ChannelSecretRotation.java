package io.securityexport.config.alerts;

import io.securityexport.common.secret.SealedSecret;
import io.securityexport.common.secret.SecretKeyring;
import java.nio.ByteBuffer;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Key rotation for webhook signing secrets, as settings' SecretRotation does for AWS secrets: at start-up every
 * secret sealed with another key than the active one is sealed again with it, so the old key can be retired
 * without breaking any webhook. A row changed meanwhile is left for the next start.
 */
@Component
public class ChannelSecretRotation {

    private static final Logger log = LoggerFactory.getLogger(ChannelSecretRotation.class);

    private final DatabaseClient database;
    private final SecretKeyring keyring;

    ChannelSecretRotation(DatabaseClient database, SecretKeyring keyring) {
        this.database = database;
        this.keyring = keyring;
    }

    private record Sealed(UUID id, String companyId, SealedSecret secret) {}

    @EventListener(ApplicationReadyEvent.class)
    public void onStart() {
        resealAll()
                .doOnNext(count -> {
                    if (count > 0) {
                        log.info("re-sealed {} webhook secret(s) with key version {}", count, keyring.activeVersion());
                    }
                })
                .doOnError(error -> log.warn("re-sealing webhook secrets failed: {}", error.getMessage()))
                .onErrorComplete()
                .subscribe();
    }

    /** @return how many secrets were re-sealed */
    public Mono<Long> resealAll() {
        return database.sql("SELECT id, company_id, secret_key_version, secret_ciphertext FROM config.alert_channels"
                        + " WHERE secret_key_version IS NOT NULL AND secret_key_version <> $1")
                .bind(0, keyring.activeVersion())
                .map(row -> {
                    ByteBuffer buffer = row.get("secret_ciphertext", ByteBuffer.class);
                    byte[] bytes = new byte[buffer.remaining()];
                    buffer.get(bytes);
                    return new Sealed(
                            row.get("id", UUID.class),
                            row.get("company_id", String.class),
                            new SealedSecret(row.get("secret_key_version", Integer.class), bytes));
                })
                .all()
                .concatMap(this::reseal)
                .reduce(0L, Long::sum);
    }

    private Mono<Long> reseal(Sealed stored) {
        SealedSecret fresh = keyring.reseal(stored.secret(), stored.companyId());
        return database.sql("UPDATE config.alert_channels SET secret_key_version = $1, secret_ciphertext = $2"
                        + " WHERE id = $3 AND secret_key_version = $4")
                .bind(0, fresh.keyVersion())
                .bind(1, fresh.nonceAndCiphertext())
                .bind(2, stored.id())
                .bind(3, stored.secret().keyVersion())
                .fetch()
                .rowsUpdated();
    }
}

package io.securityexport.config.settings;

import io.securityexport.common.secret.SealedSecret;
import io.securityexport.common.secret.SecretKeyring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The re-encrypt path of key rotation: at start-up, every secret sealed with another key than the active one is
 * opened and sealed again with the active key. The settings' version does not change (their content did not), and
 * a row changed meanwhile is left for the next start (the update matches the old key version only).
 */
@Component
public class SecretRotation {

    private static final Logger log = LoggerFactory.getLogger(SecretRotation.class);

    private final SettingsRepository settings;
    private final DatabaseClient database;
    private final SecretKeyring keyring;

    SecretRotation(SettingsRepository settings, DatabaseClient database, SecretKeyring keyring) {
        this.settings = settings;
        this.database = database;
        this.keyring = keyring;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void onStart() {
        resealAll()
                .doOnNext(count -> {
                    if (count > 0) {
                        log.info("re-sealed {} stored secret(s) with key version {}", count, keyring.activeVersion());
                    }
                })
                .doOnError(error -> log.warn("re-sealing stored secrets failed: {}", error.getMessage()))
                .onErrorComplete()
                .subscribe();
    }

    /** @return how many secrets were re-sealed */
    public Mono<Long> resealAll() {
        return settings.sealedWithOtherKey(keyring.activeVersion())
                .concatMap(this::reseal)
                .reduce(0L, Long::sum);
    }

    private Mono<Long> reseal(ExportSettings stored) {
        SealedSecret old = ((ExportCredentials.AccessKey) stored.credentials()).secretAccessKey();
        SealedSecret fresh = keyring.reseal(old, stored.companyId());
        return database.sql("UPDATE config.export_settings SET secret_key_version = $1, secret_ciphertext = $2"
                        + " WHERE company_id = $3 AND secret_key_version = $4")
                .bind(0, fresh.keyVersion())
                .bind(1, fresh.nonceAndCiphertext())
                .bind(2, stored.companyId())
                .bind(3, old.keyVersion())
                .fetch()
                .rowsUpdated();
    }
}

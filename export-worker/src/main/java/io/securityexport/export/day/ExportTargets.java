package io.securityexport.export.day;

import io.r2dbc.spi.Readable;
import io.securityexport.aws.CustomerCredentials;
import io.securityexport.common.export.FolderPath;
import io.securityexport.common.secret.SealedSecret;
import io.securityexport.common.secret.SecretKeyring;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.Optional;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Reads a company's export settings, read-only, from the config service's read model: the views
 * {@code config.export_targets} and {@code config.delivered_days} (config-service's migration
 * {@code V5__read_model_for_other_services.sql}), never its tables or enum values. For the access-key method it opens
 * the sealed secret with the shared keyring, for the role method it takes the company's external ID. The job message
 * never carries credentials.
 */
@Repository
class ExportTargets {

    private static final String QUERY = """
            SELECT enabled, bucket, region, folder_path, sse_aes256, gzip, assumes_role,
                   access_key_id, secret_key_version, secret_ciphertext, role_arn, external_id
              FROM config.export_targets
             WHERE company_id = $1
            """;

    private final DatabaseClient database;
    private final SecretKeyring keyring;

    ExportTargets(DatabaseClient database, SecretKeyring keyring) {
        this.database = database;
        this.keyring = keyring;
    }

    /** Whether a successful run of this company-day wrote {@code key} in {@code bucket} (the run history says). */
    Mono<Boolean> wroteBefore(String companyId, LocalDate day, String bucket, String key) {
        return database.sql("SELECT 1 FROM config.delivered_days WHERE company_id = $1 AND day = $2 AND bucket = $3"
                        + " AND object_key = $4 LIMIT 1")
                .bind(0, companyId)
                .bind(1, day)
                .bind(2, bucket)
                .bind(3, key)
                .map(row -> true)
                .one()
                .defaultIfEmpty(false);
    }

    /**
     * The company's target, or {@link ExportSwitchedOff} when its export is off or its settings are gone: checked
     * when the job starts, not when it was queued, so a job queued before the switch never writes.
     */
    Mono<ExportTarget> find(String companyId) {
        return database.sql(QUERY)
                .bind(0, companyId)
                .map(row -> Boolean.TRUE.equals(row.get("enabled", Boolean.class))
                        ? Optional.of(target(row, companyId))
                        : Optional.<ExportTarget>empty())
                .one()
                .switchIfEmpty(Mono.error(ExportSwitchedOff::notConfigured))
                .flatMap(target -> Mono.justOrEmpty(target).switchIfEmpty(Mono.error(ExportSwitchedOff::disabled)));
    }

    private ExportTarget target(Readable row, String companyId) {
        return new ExportTarget(
                row.get("bucket", String.class),
                row.get("region", String.class),
                new FolderPath(row.get("folder_path", String.class)),
                row.get("sse_aes256", Boolean.class),
                row.get("gzip", Boolean.class),
                credentials(row, companyId));
    }

    private CustomerCredentials credentials(Readable row, String companyId) {
        if (row.get("assumes_role", Boolean.class)) {
            return CustomerCredentials.AssumedRole.forCompany(
                    row.get("role_arn", String.class), row.get("external_id", String.class), companyId);
        }
        ByteBuffer buffer = row.get("secret_ciphertext", ByteBuffer.class);
        byte[] ciphertext = new byte[buffer.remaining()];
        buffer.get(ciphertext);
        SealedSecret sealed = new SealedSecret(row.get("secret_key_version", Integer.class), ciphertext);
        return new CustomerCredentials.AccessKey(
                row.get("access_key_id", String.class), keyring.open(sealed, companyId));
    }
}

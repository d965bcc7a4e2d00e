package io.securityexport.config.settings;

import io.r2dbc.spi.Readable;
import io.securityexport.common.export.FolderPath;
import io.securityexport.common.secret.SealedSecret;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

@Repository
class SettingsRepository {

    private static final String COLUMNS = "company_id, enabled, bucket, region, folder_path, sse_aes256, credential_method,"
            + " access_key_id, secret_key_version, secret_ciphertext, version, updated_at";

    private final DatabaseClient database;

    SettingsRepository(DatabaseClient database) {
        this.database = database;
    }

    Mono<ExportSettings> find(String companyId) {
        return database.sql("SELECT " + COLUMNS + " FROM config.export_settings WHERE company_id = $1")
                .bind(0, companyId)
                .map(SettingsRepository::settings)
                .one();
    }

    /** Inserts version 1, or updates when the stored version is still {@code settings.version() - 1}. */
    Mono<Boolean> save(ExportSettings settings) {
        ExportCredentials.AccessKey key = (ExportCredentials.AccessKey) settings.credentials();
        String sql = settings.version() == 1
                ? "INSERT INTO config.export_settings (" + COLUMNS + ") VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)"
                  + " ON CONFLICT (company_id) DO NOTHING"
                : "UPDATE config.export_settings SET enabled=$2, bucket=$3, region=$4, folder_path=$5, sse_aes256=$6,"
                  + " credential_method=$7, access_key_id=$8, secret_key_version=$9, secret_ciphertext=$10, version=$11,"
                  + " updated_at=$12 WHERE company_id=$1 AND version=$11 - 1";
        return database.sql(sql)
                .bind(0, settings.companyId())
                .bind(1, settings.enabled())
                .bind(2, settings.bucket())
                .bind(3, settings.region())
                .bind(4, settings.folderPath().value())
                .bind(5, settings.sseAes256())
                .bind(6, key.method())
                .bind(7, key.accessKeyId())
                .bind(8, key.secretAccessKey().keyVersion())
                .bind(9, key.secretAccessKey().nonceAndCiphertext())
                .bind(10, settings.version())
                .bind(11, settings.updatedAt())
                .fetch()
                .rowsUpdated()
                .map(rows -> rows == 1);
    }

    /** Deleting the row erases the sealed secret with it. */
    Mono<Boolean> delete(String companyId) {
        return database.sql("DELETE FROM config.export_settings WHERE company_id = $1")
                .bind(0, companyId)
                .fetch()
                .rowsUpdated()
                .map(rows -> rows > 0);
    }

    private static ExportSettings settings(Readable row) {
        ExportCredentials credentials = new ExportCredentials.AccessKey(
                row.get("access_key_id", String.class),
                new SealedSecret(row.get("secret_key_version", Integer.class), bytes(row)));
        return new ExportSettings(
                row.get("company_id", String.class),
                row.get("enabled", Boolean.class),
                row.get("bucket", String.class),
                row.get("region", String.class),
                new FolderPath(row.get("folder_path", String.class)),
                row.get("sse_aes256", Boolean.class),
                credentials,
                row.get("version", Long.class),
                row.get("updated_at", Instant.class));
    }

    private static byte[] bytes(Readable row) {
        java.nio.ByteBuffer buffer = row.get("secret_ciphertext", java.nio.ByteBuffer.class);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}

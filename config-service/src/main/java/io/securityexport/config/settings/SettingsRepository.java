package io.securityexport.config.settings;

import io.r2dbc.spi.Readable;
import io.securityexport.common.export.FolderPath;
import io.securityexport.common.secret.SealedSecret;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@Repository
class SettingsRepository {

    private static final String COLUMNS =
            "company_id, enabled, bucket, region, folder_path, sse_aes256, credential_method,"
                    + " access_key_id, secret_key_version, secret_ciphertext, role_arn, version, updated_at, gzip";

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

    /** Every company whose secret is sealed with another key than {@code keyVersion}. */
    Flux<ExportSettings> sealedWithOtherKey(int keyVersion) {
        return database.sql("SELECT " + COLUMNS + " FROM config.export_settings"
                        + " WHERE secret_key_version IS NOT NULL AND secret_key_version <> $1")
                .bind(0, keyVersion)
                .map(SettingsRepository::settings)
                .all();
    }

    /** Inserts version 1, or updates when the stored version is still {@code settings.version() - 1}. */
    Mono<Boolean> save(ExportSettings settings) {
        String sql = settings.version() == 1
                ? "INSERT INTO config.export_settings (" + COLUMNS
                        + ") VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)"
                        + " ON CONFLICT (company_id) DO NOTHING"
                : "UPDATE config.export_settings SET enabled=$2, bucket=$3, region=$4, folder_path=$5, sse_aes256=$6,"
                        + " credential_method=$7, access_key_id=$8, secret_key_version=$9, secret_ciphertext=$10, role_arn=$11,"
                        + " version=$12, updated_at=$13, gzip=$14 WHERE company_id=$1 AND version=$12 - 1";
        GenericExecuteSpec statement = database.sql(sql)
                .bind(0, settings.companyId())
                .bind(1, settings.enabled())
                .bind(2, settings.bucket())
                .bind(3, settings.region())
                .bind(4, settings.folderPath().value())
                .bind(5, settings.sseAes256())
                .bind(6, settings.credentials().method());
        statement = bindCredentials(statement, settings.credentials());
        return statement
                .bind(11, settings.version())
                .bind(12, settings.updatedAt())
                .bind(13, settings.gzip())
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

    private static GenericExecuteSpec bindCredentials(GenericExecuteSpec statement, ExportCredentials credentials) {
        if (credentials instanceof ExportCredentials.AccessKey key) {
            return statement
                    .bind(7, key.accessKeyId())
                    .bind(8, key.secretAccessKey().keyVersion())
                    .bind(9, key.secretAccessKey().nonceAndCiphertext())
                    .bindNull(10, String.class);
        }
        ExportCredentials.AssumeRole role = (ExportCredentials.AssumeRole) credentials;
        return statement
                .bindNull(7, String.class)
                .bindNull(8, Integer.class)
                .bindNull(9, byte[].class)
                .bind(10, role.roleArn());
    }

    private static ExportSettings settings(Readable row) {
        return new ExportSettings(
                row.get("company_id", String.class),
                row.get("enabled", Boolean.class),
                row.get("bucket", String.class),
                row.get("region", String.class),
                new FolderPath(row.get("folder_path", String.class)),
                row.get("sse_aes256", Boolean.class),
                row.get("gzip", Boolean.class),
                credentials(row),
                row.get("version", Long.class),
                row.get("updated_at", Instant.class));
    }

    private static ExportCredentials credentials(Readable row) {
        if (ExportCredentials.AssumeRole.METHOD.equals(row.get("credential_method", String.class))) {
            return new ExportCredentials.AssumeRole(row.get("role_arn", String.class));
        }
        ByteBuffer buffer = row.get("secret_ciphertext", ByteBuffer.class);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return new ExportCredentials.AccessKey(
                row.get("access_key_id", String.class),
                new SealedSecret(row.get("secret_key_version", Integer.class), bytes));
    }
}

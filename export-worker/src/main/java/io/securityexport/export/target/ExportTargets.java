package io.securityexport.export.target;

import io.r2dbc.spi.Readable;
import io.securityexport.common.export.FolderPath;
import io.securityexport.common.secret.SealedSecret;
import io.securityexport.common.secret.SecretKeyring;
import java.nio.ByteBuffer;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Reads a company's export settings, read-only, from the config service's schema, and opens the sealed secret
 * with the shared keyring. The job message never carries credentials.
 */
@Repository
public class ExportTargets {

    private final DatabaseClient database;
    private final SecretKeyring keyring;

    ExportTargets(DatabaseClient database, SecretKeyring keyring) {
        this.database = database;
        this.keyring = keyring;
    }

    public Mono<ExportTarget> find(String companyId) {
        return database.sql("SELECT company_id, enabled, bucket, region, folder_path, sse_aes256, access_key_id,"
                        + " secret_key_version, secret_ciphertext FROM config.export_settings WHERE company_id = $1")
                .bind(0, companyId)
                .map(this::target)
                .one();
    }

    private ExportTarget target(Readable row) {
        String companyId = row.get("company_id", String.class);
        ByteBuffer buffer = row.get("secret_ciphertext", ByteBuffer.class);
        byte[] ciphertext = new byte[buffer.remaining()];
        buffer.get(ciphertext);
        SealedSecret sealed = new SealedSecret(row.get("secret_key_version", Integer.class), ciphertext);
        return new ExportTarget(
                companyId,
                row.get("enabled", Boolean.class),
                row.get("bucket", String.class),
                row.get("region", String.class),
                new FolderPath(row.get("folder_path", String.class)),
                row.get("sse_aes256", Boolean.class),
                row.get("access_key_id", String.class),
                keyring.open(sealed, companyId));
    }
}

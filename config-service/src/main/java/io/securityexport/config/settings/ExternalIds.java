package io.securityexport.config.settings;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Each company's external ID for the role method: 128 random bits made by the server on first use, stable
 * afterwards (also across DELETE of the settings, since the customer's trust policy names it), never settable by a
 * client. Two concurrent first uses agree: the insert is ON CONFLICT DO NOTHING and both read back the winner.
 */
@Repository
public class ExternalIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DatabaseClient database;
    private final Clock clock;

    ExternalIds(DatabaseClient database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    public Mono<String> of(String companyId) {
        return database.sql("INSERT INTO config.company_external_ids (company_id, external_id, created_at)"
                        + " VALUES ($1, $2, $3) ON CONFLICT (company_id) DO NOTHING")
                .bind(0, companyId)
                .bind(1, generate())
                .bind(2, clock.instant())
                .then()
                .then(database.sql("SELECT external_id FROM config.company_external_ids WHERE company_id = $1")
                        .bind(0, companyId)
                        .map(row -> row.get("external_id", String.class))
                        .one());
    }

    private static String generate() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return "sx-" + HexFormat.of().formatHex(bytes);
    }
}

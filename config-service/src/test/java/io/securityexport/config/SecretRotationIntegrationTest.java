package io.securityexport.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.securityexport.common.secret.SealedSecret;
import io.securityexport.common.secret.SecretKeyring;
import io.securityexport.common.secret.SecretValue;
import io.securityexport.config.alerts.ChannelSecretRotation;
import io.securityexport.config.settings.SecretRotation;
import io.securityexport.testsupport.Infrastructure;
import io.securityexport.testsupport.ServiceEnvironment;
import io.securityexport.testsupport.TestResources;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Rotating the sealing key: old secrets still open, and the re-encrypt path moves them to the new key. */
@SpringBootTest(
        classes = ConfigApplication.class,
        properties = {"spring.config.name=" + ConfigApplication.CONFIG_NAME, TestKeys.DEMO_KEYS_ALLOWED})
class SecretRotationIntegrationTest {

    static final Infrastructure INFRASTRUCTURE = Infrastructure.shared();
    static final String PREFIX = TestResources.uniqueName("rotation");
    static final String DATABASE = INFRASTRUCTURE.postgres().createDatabase("rotation");
    static final String NEW_KEY = "bmV3LWtleS1uZXcta2V5LW5ldy1rZXktbmV3LWtleSE=";
    static final SecretValue SECRET = new SecretValue("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");

    @Autowired
    SecretRotation rotation;

    @Autowired
    ChannelSecretRotation channelRotation;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ServiceEnvironment.variables(INFRASTRUCTURE, DATABASE, PREFIX)
                .forEach((name, value) -> registry.add(name, () -> value));
        registry.add("SECRET_KEY_V2", () -> NEW_KEY);
        registry.add("SECRET_KEY_ACTIVE_VERSION", () -> "2");
    }

    @Test
    void secretsSealedWithTheOldKeyAreResealedWithTheActiveOne() throws Exception {
        SealedSecret old = new SecretKeyring(Map.of(1, ServiceEnvironment.TEST_SECRET_KEY), 1).seal(SECRET, "rotating");
        try (Connection connection = connect();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO config.export_settings (company_id, enabled, bucket, region, folder_path, sse_aes256,"
                                + " credential_method, access_key_id, secret_key_version, secret_ciphertext, version, updated_at)"
                                + " VALUES ('rotating', true, 'bucket-name', 'us-east-1', 'security-events', false, 'ACCESS_KEY',"
                                + " 'AKIAIOSFODNN7EXAMPLE', 1, ?, 4, now())")) {
            insert.setBytes(1, old.nonceAndCiphertext());
            insert.executeUpdate();
        }

        // the start-up re-seal runs asynchronously: on a busy machine it may still be running and take this row first
        assertThat(rotation.resealAll().block()).isBetween(0L, 1L);
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(() -> keyVersion(
                                "SELECT secret_key_version FROM config.export_settings WHERE company_id = 'rotating'")
                        == 2);

        try (Connection connection = connect();
                ResultSet row = connection
                        .createStatement()
                        .executeQuery(
                                "SELECT secret_key_version, secret_ciphertext, version FROM config.export_settings WHERE company_id = 'rotating'")) {
            row.next();
            SealedSecret now = new SealedSecret(row.getInt(1), row.getBytes(2));
            assertThat(now.keyVersion()).isEqualTo(2);
            assertThat(new SecretKeyring(Map.of(2, NEW_KEY), 2).open(now, "rotating"))
                    .isEqualTo(SECRET);
            assertThat(row.getLong(3))
                    .as("the settings themselves did not change")
                    .isEqualTo(4);
        }
        assertThat(rotation.resealAll().block()).isZero();
    }

    @Test
    void webhookSigningSecretsSealedWithTheOldKeyAreResealedWithTheActiveOne() throws Exception {
        SecretValue signing = new SecretValue("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        SealedSecret old = new SecretKeyring(Map.of(1, ServiceEnvironment.TEST_SECRET_KEY), 1).seal(signing, "hooked");
        try (Connection connection = connect();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO config.alert_channels (id, company_id, kind, url, secret_key_version,"
                                + " secret_ciphertext, created_at) VALUES (gen_random_uuid(), 'hooked', 'webhook',"
                                + " 'https://hooks.example.com/x', 1, ?, now())")) {
            insert.setBytes(1, old.nonceAndCiphertext());
            insert.executeUpdate();
        }

        // the start-up re-seal runs asynchronously: on a busy machine it may still be running and take this row first
        assertThat(channelRotation.resealAll().block()).isBetween(0L, 1L);
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(() ->
                        keyVersion("SELECT secret_key_version FROM config.alert_channels WHERE company_id = 'hooked'")
                                == 2);

        try (Connection connection = connect();
                ResultSet row = connection
                        .createStatement()
                        .executeQuery("SELECT secret_key_version, secret_ciphertext FROM config.alert_channels"
                                + " WHERE company_id = 'hooked'")) {
            row.next();
            SealedSecret now = new SealedSecret(row.getInt(1), row.getBytes(2));
            assertThat(new SecretKeyring(Map.of(2, NEW_KEY), 2).open(now, "hooked"))
                    .isEqualTo(signing);
        }
        assertThat(channelRotation.resealAll().block()).isZero();
    }

    private static int keyVersion(String sql) throws Exception {
        try (Connection connection = connect();
                ResultSet row = connection.createStatement().executeQuery(sql)) {
            row.next();
            return row.getInt(1);
        }
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection(
                INFRASTRUCTURE.postgres().jdbcUrl(DATABASE),
                INFRASTRUCTURE.postgres().username(),
                INFRASTRUCTURE.postgres().password());
    }
}

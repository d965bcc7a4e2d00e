package io.securityexport.common.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoKeysTest {

    /** The repository root, from common/ where Maven runs this test. */
    private static final Path DOCKER = Path.of("..", "docker");

    @Test
    void theComposeDemoKeysAsCommittedAreKnown() throws IOException {
        String sealing = value(DOCKER.resolve("secret-keys.env"), "SECRET_KEY_V1");
        String signing = value(DOCKER.resolve("auth.env"), "AUTH_PUBLIC_KEY");

        assertThat(DemoKeys.demoSecretKeyVersions(Map.of(1, sealing))).containsExactly(1);
        assertThat(DemoKeys.isDemoAuthPublicKey(signing)).isTrue();
        assertThat(DemoKeys.isDemoAuthPublicKey(Files.readString(DOCKER.resolve("demo-jwt/public.pem"))))
                .isTrue();
    }

    @Test
    void otherKeysAndEmptySlotsAreNotDemoKeys() {
        assertThat(DemoKeys.demoSecretKeyVersions(Map.of(1, "c29tZS1yZWFsLWtleS1ub2JvZHktY29tbWl0dGVkLSE=", 2, "")))
                .isEmpty();
        assertThat(DemoKeys.isDemoAuthPublicKey("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAother"))
                .isFalse();
        assertThat(DemoKeys.isDemoAuthPublicKey(null)).isFalse();
    }

    private static String value(Path envFile, String name) throws IOException {
        return Files.readAllLines(envFile).stream()
                .filter(line -> line.startsWith(name + "="))
                .map(line -> line.substring(name.length() + 1))
                .findFirst()
                .orElseThrow();
    }
}

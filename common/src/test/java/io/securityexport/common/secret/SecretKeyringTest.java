package io.securityexport.common.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretKeyringTest {

    private static final String KEY_1 = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String KEY_2 =
            Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    private static final SecretValue SECRET = new SecretValue("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");

    @Test
    void aSealedSecretOpensForItsOwnCompanyOnly() {
        SecretKeyring keyring = new SecretKeyring(Map.of(1, KEY_1), 1);
        SealedSecret sealed = keyring.seal(SECRET, "acme");

        assertThat(keyring.open(sealed, "acme")).isEqualTo(SECRET);
        assertThatThrownBy(() -> keyring.open(sealed, "globex"))
                .isInstanceOf(SecretUnreadable.class)
                .hasMessageNotContaining(SECRET.reveal());
    }

    @Test
    void theCiphertextDoesNotContainTheSecret() {
        SealedSecret sealed = new SecretKeyring(Map.of(1, KEY_1), 1).seal(SECRET, "acme");

        assertThat(new String(sealed.nonceAndCiphertext(), StandardCharsets.ISO_8859_1))
                .doesNotContain(SECRET.reveal());
        assertThat(sealed.toString()).doesNotContain(SECRET.reveal());
        assertThat(SECRET.toString()).doesNotContain(SECRET.reveal());
    }

    @Test
    void afterRotationOldSecretsStillOpenAndResealMovesThemToTheNewKey() {
        SealedSecret old = new SecretKeyring(Map.of(1, KEY_1), 1).seal(SECRET, "acme");
        SecretKeyring rotated = new SecretKeyring(Map.of(1, KEY_1, 2, KEY_2), 2);

        SealedSecret resealed = rotated.reseal(old, "acme");

        assertThat(rotated.open(old, "acme")).isEqualTo(SECRET);
        assertThat(resealed.keyVersion()).isEqualTo(2);
        assertThat(new SecretKeyring(Map.of(2, KEY_2), 2).open(resealed, "acme"))
                .isEqualTo(SECRET);
    }
}

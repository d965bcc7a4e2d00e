package io.securityexport.config.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.securityexport.common.secret.SecretValue;
import io.securityexport.config.StandardWebhooks;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Our signer against the Standard Webhooks scheme, checked by a verifier written from the spec (StandardWebhooks). */
class WebhookSignatureTest {

    static final String BODY = "{\"type\":\"test\",\"data\":{\"companyId\":\"acme\"}}";

    @Test
    void theSpecsOwnExampleSignsToTheSpecsSignature() {
        // the example of the Standard Webhooks specification and its reference libraries
        SecretValue secret = new SecretValue("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

        String signature =
                WebhookSigner.signature(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, "{\"test\": 2432232314}");

        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void aReceiverVerifiesWhatWeSign() {
        SecretValue secret = WebhookSigner.newSecret();
        long now = 1_800_000_000L;

        String signature = WebhookSigner.signature(secret, "msg_1", now, BODY);

        assertThat(StandardWebhooks.verify(secret.reveal(), "msg_1", Long.toString(now), BODY, signature, now))
                .isTrue();
    }

    @Test
    void aChangedBodyIdTimestampOrSecretDoesNotVerify() {
        SecretValue secret = WebhookSigner.newSecret();
        long now = 1_800_000_000L;
        String signature = WebhookSigner.signature(secret, "msg_1", now, BODY);

        assertThat(StandardWebhooks.verify(secret.reveal(), "msg_1", Long.toString(now), BODY + " ", signature, now))
                .isFalse();
        assertThat(StandardWebhooks.verify(secret.reveal(), "msg_2", Long.toString(now), BODY, signature, now))
                .isFalse();
        assertThat(StandardWebhooks.verify(secret.reveal(), "msg_1", Long.toString(now + 1), BODY, signature, now))
                .isFalse();
        assertThat(StandardWebhooks.verify(
                        WebhookSigner.newSecret().reveal(), "msg_1", Long.toString(now), BODY, signature, now))
                .isFalse();
    }

    @Test
    void anOldSignatureIsRefusedByTheReceiversTolerance() {
        SecretValue secret = WebhookSigner.newSecret();
        long then = 1_800_000_000L;
        String signature = WebhookSigner.signature(secret, "msg_1", then, BODY);

        assertThat(StandardWebhooks.verify(secret.reveal(), "msg_1", Long.toString(then), BODY, signature, then + 600))
                .isFalse();
    }

    @Test
    void eachSecretIsWhsecAndAtLeast24RandomBytes() {
        String first = WebhookSigner.newSecret().reveal();
        String second = WebhookSigner.newSecret().reveal();

        assertThat(first).startsWith("whsec_").isNotEqualTo(second);
        assertThat(Base64.getDecoder().decode(first.substring(6))).hasSizeGreaterThanOrEqualTo(24);
    }
}

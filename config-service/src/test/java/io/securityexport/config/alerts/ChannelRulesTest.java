package io.securityexport.config.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.securityexport.config.web.FieldProblem;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which channels are refused, naming the field, before anything is stored; and the SSRF address classes. */
class ChannelRulesTest {

    @Test
    void aWebhookNeedsAnHttpsUrlOfReasonableLength() {
        assertThat(fields(new NewChannel("webhook", "http://hooks.example.com/x", null), false))
                .containsExactly("url");
        assertThat(fields(new NewChannel("webhook", null, null), false)).containsExactly("url");
        assertThat(fields(new NewChannel("webhook", "https://example.com/" + "a".repeat(2048), null), false))
                .containsExactly("url");
        assertThat(fields(new NewChannel("webhook", "https://user:pw@example.com/", null), false))
                .containsExactly("url");
        assertThat(ChannelRules.check(new NewChannel("webhook", "http://127.0.0.1:9/x", null), true)
                        .url())
                .hasToString("http://127.0.0.1:9/x");
    }

    @Test
    void anEmailChannelNeedsOneToTwentyBareAddresses() {
        assertThat(fields(new NewChannel("email", null, List.of()), false)).containsExactly("addresses");
        assertThat(fields(new NewChannel("email", null, Collections.nCopies(21, "a@example.com")), false))
                .containsExactly("addresses");
        assertThat(fields(
                        new NewChannel(
                                "email", null, List.of("ok@example.com", "not-an-address", "Eve <eve@example.com>")),
                        false))
                .containsExactly("addresses[1]", "addresses[2]");
        assertThat(ChannelRules.check(new NewChannel("email", null, List.of("a@example.com", "a@example.com")), false)
                        .addresses())
                .containsExactly("a@example.com");
    }

    @Test
    void anUnknownOrMissingKindIsNamed() {
        assertThat(fields(new NewChannel("sms", null, null), false)).containsExactly("kind");
        assertThat(fields(new NewChannel(null, null, null), false)).containsExactly("kind");
    }

    @Test
    void privateLoopbackLinkLocalAndUnspecifiedAddressesAreNotPublic() throws Exception {
        for (String address : List.of(
                "127.0.0.1",
                "10.0.0.1",
                "172.16.5.4",
                "192.168.1.1",
                "169.254.169.254",
                "0.0.0.0",
                "100.64.0.1",
                "::1",
                "::",
                "fe80::1",
                "fd00::1",
                "::ffff:10.0.0.1")) {
            assertThat(WebhookAddresses.isPublic(InetAddress.getByName(address)))
                    .as(address)
                    .isFalse();
        }
        assertThat(WebhookAddresses.isPublic(InetAddress.getByName("93.184.215.14")))
                .isTrue();
        assertThat(WebhookAddresses.isPublic(InetAddress.getByName("2606:4700::1111")))
                .isTrue();
    }

    @Test
    void theBackOffTakesEachWaitInTurnThenRepeatsTheLast() {
        List<Duration> plan = List.of(Duration.ofSeconds(10), Duration.ofMinutes(1));

        assertThat(DeliveryLoop.backoff(plan, 1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(DeliveryLoop.backoff(plan, 2)).isEqualTo(Duration.ofMinutes(1));
        assertThat(DeliveryLoop.backoff(plan, 7)).isEqualTo(Duration.ofMinutes(1));
    }

    private static List<String> fields(NewChannel channel, boolean allowPrivate) {
        try {
            ChannelRules.check(channel, allowPrivate);
        } catch (InvalidChannel refused) {
            return refused.problems().stream().map(FieldProblem::field).toList();
        }
        throw new AssertionError("expected " + channel + " to be refused");
    }
}

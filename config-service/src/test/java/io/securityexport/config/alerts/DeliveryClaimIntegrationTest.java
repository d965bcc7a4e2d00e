package io.securityexport.config.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.securityexport.common.secret.SecretKeyring;
import io.securityexport.common.secret.SecretValue;
import io.securityexport.config.ConfigApplication;
import io.securityexport.config.ConfigEnvironment;
import io.securityexport.config.TestKeys;
import io.securityexport.config.WebhookReceiver;
import io.securityexport.testsupport.Infrastructure;
import io.securityexport.testsupport.TestResources;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * Several replicas working off one outbox: rounds running at the same time claim disjoint deliveries, so each alert
 * reaches the receiver once. The loop's own schedule is off; the test runs the rounds.
 */
@SpringBootTest(
        classes = ConfigApplication.class,
        properties = {
            "spring.config.name=" + ConfigApplication.CONFIG_NAME,
            TestKeys.DEMO_KEYS_ALLOWED,
            "SCHEDULER_ENABLED=false",
            "ALERTS_ALLOW_PRIVATE_WEBHOOKS=true",
            "security-export.config.alerts.delivery-enabled=false",
            "security-export.config.alerts.delivery-batch=3"
        })
class DeliveryClaimIntegrationTest {

    static final Infrastructure INFRASTRUCTURE = Infrastructure.shared();
    static final String PREFIX = TestResources.uniqueName("claims");
    static final String DATABASE = INFRASTRUCTURE.postgres().createDatabase("claims");
    static final WebhookReceiver RECEIVER = receiver();

    @Autowired
    AlertChannels alerts;

    @Autowired
    ChannelRepository channels;

    @Autowired
    DeliveryLoop loop;

    @Autowired
    SecretKeyring keyring;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ConfigEnvironment.register(registry, INFRASTRUCTURE, DATABASE, PREFIX);
    }

    @AfterAll
    static void stop() {
        RECEIVER.close();
    }

    @Test
    void roundsRunningAtOnceOnSeveralReplicasDeliverEachAlertOnce() {
        SecretValue secret = WebhookSigner.newSecret();
        RECEIVER.secret("/shared", secret.reveal());
        Channel channel = new Channel(
                UUID.randomUUID(),
                "replicas",
                Channel.WEBHOOK,
                RECEIVER.url("/shared"),
                List.of(),
                Channel.ACTIVE,
                0,
                null,
                Instant.now());
        channels.insert(channel, keyring.seal(secret, "replicas"))
                .as(StepVerifier::create)
                .verifyComplete();
        Flux.range(0, 20)
                .concatMap(day -> alerts.raise(new AlertRaised(
                        "replicas",
                        AlertKind.EXPORT_FAILED,
                        List.of(LocalDate.of(2026, 11, 1).plusDays(day)),
                        "AccessDenied",
                        "denied")))
                .as(StepVerifier::create)
                .verifyComplete();

        // a round that finds fewer than a batch (others hold the rest for a moment) ends; one more picks up any rest
        Flux.merge(IntStream.range(0, 4)
                        .mapToObj(replica -> loop.deliverDue().subscribeOn(Schedulers.parallel()))
                        .toList())
                .concatWith(loop.deliverDue())
                .reduce(0L, Long::sum)
                .as(StepVerifier::create)
                .expectNext(20L)
                .verifyComplete();

        List<WebhookReceiver.Received> received = RECEIVER.on("/shared");
        assertThat(received).hasSize(20).allMatch(WebhookReceiver.Received::signatureValid);
        assertThat(received.stream().map(WebhookReceiver.Received::id).distinct())
                .hasSize(20);
    }

    private static WebhookReceiver receiver() {
        try {
            return new WebhookReceiver();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.securityexport.config.alerts;

import io.netty.channel.ChannelOption;
import io.securityexport.common.secret.SecretKeyring;
import io.securityexport.common.secret.SecretValue;
import io.securityexport.config.ConfigProperties;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

/**
 * POSTs an alert to a webhook, signed (Standard Webhooks). Bounded in every way a customer's server could abuse:
 * a timeout on the whole call, redirects not followed (a 3xx is a failure: following it would let a public URL
 * bounce us into the private network), and only the first {@link DeliveryOutcome#EXCERPT} bytes of the answer read.
 * Any 2xx counts as delivered.
 */
@Component
class WebhookSender {

    private final WebClient client;
    private final SecretKeyring keyring;
    private final ConfigProperties.Alerts settings;
    private final Clock clock;

    WebhookSender(SecretKeyring keyring, ConfigProperties properties, Clock clock) {
        this.settings = properties.alerts();
        this.keyring = keyring;
        this.clock = clock;
        HttpClient http = HttpClient.create()
                .followRedirect(false)
                .responseTimeout(settings.requestTimeout())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        settings.requestTimeout().toMillis())
                // the last word of the SSRF guard: DNS may answer differently between our check and the connect
                // (rebinding), so the address actually connected to is checked too
                .doOnConnected(connection -> {
                    if (!settings.allowPrivateWebhooks()
                            && connection.channel().remoteAddress() instanceof InetSocketAddress remote
                            && remote.getAddress() != null
                            && !WebhookAddresses.isPublic(remote.getAddress())) {
                        connection.dispose();
                        throw new IllegalStateException("connected address is not public");
                    }
                });
        this.client = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(http))
                .build();
    }

    Mono<DeliveryOutcome> send(ClaimedDelivery delivery) {
        URI url = URI.create(delivery.url());
        return addressRefusal(url)
                .flatMap(refusal -> refusal.isPresent()
                        ? Mono.just(DeliveryOutcome.failed(null, null, "url " + refusal.get()))
                        : post(url, delivery))
                .timeout(settings.requestTimeout())
                .onErrorResume(error -> Mono.just(DeliveryOutcome.failed(null, null, describe(error))));
    }

    private Mono<DeliveryOutcome> post(URI url, ClaimedDelivery delivery) {
        SecretValue secret = keyring.open(delivery.secret(), delivery.companyId());
        String messageId = "msg_" + delivery.id();
        long timestamp = clock.instant().getEpochSecond();
        return client.post()
                .uri(url)
                .contentType(MediaType.APPLICATION_JSON)
                .header("webhook-id", messageId)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", WebhookSigner.signature(secret, messageId, timestamp, delivery.payload()))
                .bodyValue(delivery.payload().getBytes(StandardCharsets.UTF_8))
                .exchangeToMono(WebhookSender::outcome);
    }

    private static Mono<DeliveryOutcome> outcome(ClientResponse response) {
        int status = response.statusCode().value();
        return excerpt(response)
                .map(text -> response.statusCode().is2xxSuccessful()
                        ? DeliveryOutcome.delivered(status, text)
                        : DeliveryOutcome.failed(
                                status,
                                text,
                                response.statusCode().is3xxRedirection()
                                        ? "answered with a redirect (HTTP " + status + "), which is not followed"
                                        : "answered HTTP " + status));
    }

    /** The first bytes only: a receiver answering with gigabytes costs us nothing but a closed connection. */
    private static Mono<String> excerpt(ClientResponse response) {
        return DataBufferUtils.join(
                        DataBufferUtils.takeUntilByteCount(
                                response.bodyToFlux(DataBuffer.class), DeliveryOutcome.EXCERPT),
                        DeliveryOutcome.EXCERPT)
                .map(buffer -> {
                    String text = buffer.toString(StandardCharsets.UTF_8);
                    DataBufferUtils.release(buffer);
                    return text;
                })
                .defaultIfEmpty("");
    }

    /**
     * The creation-time rules again, as the row may predate them or DNS may have changed. DNS lookups block: off the
     * event loop, on the bounded elastic scheduler.
     */
    private Mono<Optional<String>> addressRefusal(URI url) {
        if (settings.allowPrivateWebhooks()) {
            return Mono.just(Optional.empty());
        }
        if (!"https".equalsIgnoreCase(url.getScheme())) {
            return Mono.just(Optional.of("must be an absolute https URL"));
        }
        return Mono.fromCallable(() -> WebhookAddresses.refusal(url).map(WebhookAddresses.Refusal::english))
                .subscribeOn(Schedulers.boundedElastic());
    }

    private static String describe(Throwable error) {
        if (error instanceof java.util.concurrent.TimeoutException) {
            return "no answer within the timeout";
        }
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}

package io.securityexport.config.alerts;

import io.securityexport.common.secret.SealedSecret;
import io.securityexport.common.secret.SecretKeyring;
import io.securityexport.common.secret.SecretValue;
import io.securityexport.config.ConfigProperties;
import io.securityexport.config.web.FieldProblem;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A company's notification channels, and the way in for alerts: {@link #raise} queues one delivery per active
 * channel in the outbox, which {@link DeliveryLoop} works off.
 */
@Service
public class AlertChannels {

    private static final Logger log = LoggerFactory.getLogger(AlertChannels.class);

    private final ChannelRepository channels;
    private final DeliveryRepository deliveries;
    private final DeliveryLoop loop;
    private final SecretKeyring keyring;
    private final List<ChannelChangedListener> listeners;
    private final ConfigProperties properties;
    private final Clock clock;

    AlertChannels(
            ChannelRepository channels,
            DeliveryRepository deliveries,
            DeliveryLoop loop,
            SecretKeyring keyring,
            List<ChannelChangedListener> listeners,
            ConfigProperties properties,
            Clock clock) {
        this.channels = channels;
        this.deliveries = deliveries;
        this.loop = loop;
        this.keyring = keyring;
        this.listeners = List.copyOf(listeners);
        this.properties = properties;
        this.clock = clock;
    }

    /** Who made a change, for the audit: the token's subject and email. */
    public record Editor(String id, String email) {}

    /** Validates and stores a channel; a webhook's signing secret is generated here and shown only in the answer. */
    public Mono<CreatedChannel> create(String companyId, NewChannel request, Editor editor) {
        boolean allowPrivate = properties.alerts().allowPrivateWebhooks();
        return Mono.fromCallable(() -> ChannelRules.check(request, allowPrivate))
                .flatMap(checked -> addressChecked(checked, allowPrivate))
                .flatMap(checked -> store(companyId, checked))
                .flatMap(created -> announce(new ChannelChanged(
                                companyId,
                                editor.id(),
                                editor.email(),
                                "channel.created",
                                created.channel().id(),
                                created.channel().kind()))
                        .thenReturn(created));
    }

    public Flux<Channel> list(String companyId) {
        return channels.list(companyId);
    }

    public Mono<Void> delete(String companyId, UUID channelId, Editor editor) {
        return channels.delete(companyId, channelId)
                .switchIfEmpty(Mono.error(ChannelNotFound::new))
                .flatMap(deleted -> announce(new ChannelChanged(
                        companyId, editor.id(), editor.email(), "channel.deleted", deleted.id(), deleted.kind())))
                .doOnSuccess(done -> log.info("alert channel deleted companyId={} channelId={}", companyId, channelId));
    }

    /** Queues a test notification to this channel only (also to a FAILING one: a success makes it ACTIVE again). */
    public Mono<Delivery> test(String companyId, UUID channelId) {
        AlertRaised alert =
                new AlertRaised(companyId, AlertKind.TEST, List.of(), null, "Sent on request from the API.");
        Instant now = clock.instant();
        String payload = Alerts.json(Alerts.payload(alert, now));
        return channels.find(companyId, channelId)
                .switchIfEmpty(Mono.error(ChannelNotFound::new))
                .flatMap(channel -> deliveries.enqueue(
                        UUID.randomUUID(), companyId, List.of(channel.id()), AlertKind.TEST, payload, now))
                .thenMany(deliveries.log(companyId, channelId, 1))
                .next()
                .doOnSuccess(queued -> deliverSoon());
    }

    public Flux<Delivery> deliveries(String companyId, UUID channelId) {
        return channels.find(companyId, channelId)
                .switchIfEmpty(Mono.error(ChannelNotFound::new))
                .thenMany(
                        deliveries.log(companyId, channelId, properties.alerts().deliveryLogLimit()));
    }

    /** Delivers an alert to every active channel of its company (retried, logged); completes once it is queued. */
    public Mono<Void> raise(AlertRaised alert) {
        return queue(alert).doOnSuccess(queued -> deliverSoon()).then();
    }

    /** Queues without starting the delivery: for a caller inside a transaction, which starts it after commit. */
    Mono<Long> queue(AlertRaised alert) {
        Instant now = clock.instant();
        String payload = Alerts.json(Alerts.payload(alert, now));
        return deliveries
                .activeChannels(alert.companyId())
                .flatMap(active ->
                        deliveries.enqueue(UUID.randomUUID(), alert.companyId(), active, alert.kind(), payload, now))
                .doOnNext(count -> log.info(
                        "alert queued companyId={} kind={} channels={}",
                        alert.companyId(),
                        alert.kind().wireName(),
                        count));
    }

    void deliverSoon() {
        loop.deliverSoon();
    }

    /** DNS lookups block: off the event loop, on the bounded elastic scheduler. */
    private Mono<ChannelRules.Checked> addressChecked(ChannelRules.Checked checked, boolean allowPrivate) {
        if (checked.url() == null || allowPrivate) {
            return Mono.just(checked);
        }
        return Mono.fromCallable(() -> WebhookAddresses.refusal(checked.url()))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(refusal -> refusal.isPresent()
                        ? Mono.error(new InvalidChannel(
                                List.of(new FieldProblem("url", refusal.get().sentence()))))
                        : Mono.just(checked));
    }

    private Mono<CreatedChannel> store(String companyId, ChannelRules.Checked checked) {
        Channel channel = new Channel(
                UUID.randomUUID(),
                companyId,
                checked.kind(),
                checked.url() == null ? null : checked.url().toString(),
                checked.addresses(),
                Channel.ACTIVE,
                0,
                null,
                clock.instant());
        SecretValue secret = Channel.WEBHOOK.equals(checked.kind()) ? WebhookSigner.newSecret() : null;
        SealedSecret sealed = secret == null ? null : keyring.seal(secret, companyId);
        return channels.insert(channel, sealed)
                .doOnSuccess(done -> log.info(
                        "alert channel created companyId={} channelId={} kind={}",
                        companyId,
                        channel.id(),
                        channel.kind()))
                .thenReturn(new CreatedChannel(channel, secret == null ? null : secret.reveal()));
    }

    private Mono<Void> announce(ChannelChanged change) {
        return Flux.fromIterable(listeners)
                .concatMap(listener -> listener.on(change))
                .then();
    }
}

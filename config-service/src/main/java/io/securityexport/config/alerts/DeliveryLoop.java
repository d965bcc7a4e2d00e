package io.securityexport.config.alerts;

import io.securityexport.config.ConfigProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Works off the delivery outbox: every check interval, and right away when an alert was queued. Each round claims
 * due deliveries (safe with several replicas: see {@link DeliveryRepository#claim}), sends them, and records each
 * outcome with the channel's failure streak. Registered in code, like the scheduling loop, so the interval has one
 * owner (ConfigProperties).
 */
@Component
class DeliveryLoop implements SchedulingConfigurer {

    private static final Duration FIRST_ROUND_AFTER = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(DeliveryLoop.class);

    private final DeliveryRepository deliveries;
    private final WebhookSender webhooks;
    private final EmailSender emails;
    private final TransactionalOperator transactions;
    private final ConfigProperties.Alerts settings;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    DeliveryLoop(
            DeliveryRepository deliveries,
            WebhookSender webhooks,
            EmailSender emails,
            TransactionalOperator transactions,
            ConfigProperties properties,
            Clock clock) {
        this.deliveries = deliveries;
        this.webhooks = webhooks;
        this.emails = emails;
        this.transactions = transactions;
        this.settings = properties.alerts();
        this.clock = clock;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(new FixedDelayTask(this::deliverSoon, settings.checkInterval(), FIRST_ROUND_AFTER));
    }

    /** Starts a round now; if one is running, another follows it (it may have claimed before the new row existed). */
    void deliverSoon() {
        if (!settings.deliveryEnabled()) {
            return;
        }
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        again.set(false);
        deliverDue()
                .onErrorResume(error -> {
                    log.warn("alert delivery round failed, the next round retries: {}", error.getMessage());
                    return Mono.empty();
                })
                .doFinally(signal -> {
                    running.set(false);
                    if (again.get()) {
                        deliverSoon();
                    }
                })
                .subscribe();
    }

    /** Claims and sends batches until nothing is due; returns how many attempts were made. */
    Mono<Long> deliverDue() {
        return deliverBatch()
                .expand(sent -> sent == settings.deliveryBatch() ? deliverBatch() : Mono.empty())
                .reduce(0L, Long::sum);
    }

    private Mono<Long> deliverBatch() {
        Instant now = clock.instant();
        return deliveries
                .claim(now, now.plus(settings.claimLease()), settings.deliveryBatch())
                .flatMap(delivery -> attempt(delivery).thenReturn(delivery), settings.deliveryBatch())
                .count();
    }

    private Mono<Void> attempt(ClaimedDelivery delivery) {
        Mono<DeliveryOutcome> outcome =
                Channel.EMAIL.equals(delivery.channelKind()) ? emails.send(delivery) : webhooks.send(delivery);
        return outcome.flatMap(result -> record(delivery, result));
    }

    private Mono<Void> record(ClaimedDelivery delivery, DeliveryOutcome outcome) {
        Instant now = clock.instant();
        int attempts = delivery.attempts() + 1;
        if (outcome.delivered()) {
            log.info(
                    "alert delivered companyId={} deliveryId={} channelId={} attempt={}",
                    delivery.companyId(),
                    delivery.id(),
                    delivery.channelId(),
                    attempts);
            return deliveries.delivered(delivery, outcome, now).as(transactions::transactional);
        }
        Instant next = attempts >= settings.maxAttempts() ? null : now.plus(backoff(settings.retryBackoff(), attempts));
        log.warn(
                "alert delivery failed companyId={} deliveryId={} channelId={} attempt={} status={} error={}",
                delivery.companyId(),
                delivery.id(),
                delivery.channelId(),
                attempts,
                outcome.statusCode(),
                outcome.error());
        return deliveries
                .failed(
                        delivery,
                        outcome,
                        now,
                        next,
                        settings.failingAfterFailures(),
                        now.minus(settings.failingAfter()))
                .as(transactions::transactional);
    }

    /** The wait after the {@code attempts}-th failed attempt: the list's entries in turn, then the last one again. */
    static Duration backoff(List<Duration> plan, int attempts) {
        return plan.get(Math.min(attempts, plan.size()) - 1);
    }
}

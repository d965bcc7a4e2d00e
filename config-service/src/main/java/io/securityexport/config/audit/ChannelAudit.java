package io.securityexport.config.audit;

import io.securityexport.common.event.Actor;
import io.securityexport.common.event.SecurityEvent;
import io.securityexport.common.event.SecurityEventJson;
import io.securityexport.config.ConfigProperties;
import io.securityexport.config.alerts.ChannelChanged;
import io.securityexport.config.alerts.ChannelChangedListener;
import java.time.Clock;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * A notification channel created or deleted is a change to the company's export setup, audited like a settings
 * change: the same security event name, with {@code action} {@code channel.created} / {@code channel.deleted}, the
 * channel's ID and kind. Never its URL (it may carry a token in its path) and never its secret.
 */
@Component
class ChannelAudit implements ChannelChangedListener {

    private static final Logger log = LoggerFactory.getLogger(ChannelAudit.class);
    private static final JsonMapper JSON = JsonMapper.shared();

    private final KafkaTemplate<String, byte[]> kafka;
    private final ConfigProperties properties;
    private final Clock clock;

    ChannelAudit(KafkaTemplate<String, byte[]> kafka, ConfigProperties properties, Clock clock) {
        this.kafka = kafka;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public Mono<Void> on(ChannelChanged change) {
        String details = JSON.writeValueAsString(JSON.createObjectNode()
                .put("action", change.action())
                .put("channelId", change.channelId().toString())
                .put("channelKind", change.channelKind()));
        SecurityEvent event = new SecurityEvent(
                UUID.randomUUID().toString(),
                change.companyId(),
                clock.instant(),
                SettingsAudit.EVENT_NAME,
                new Actor(change.actorId(), change.actorEmail()),
                null,
                details);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                properties.topics().securityEvents(), change.companyId(), SecurityEventJson.toJson(event));
        // KafkaTemplate.send may block for max.block.ms (no metadata yet): not on the event loop (see SettingsAudit)
        return Mono.fromFuture(() -> kafka.send(record))
                .subscribeOn(Schedulers.boundedElastic())
                .doOnSuccess(sent ->
                        log.info("audit event published companyId={} action={}", change.companyId(), change.action()))
                .then();
    }
}

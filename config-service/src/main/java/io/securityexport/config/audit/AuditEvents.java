package io.securityexport.config.audit;

import io.securityexport.common.event.Actor;
import io.securityexport.common.event.SecurityEvent;
import io.securityexport.common.event.SecurityEventJson;
import io.securityexport.config.ConfigProperties;
import java.time.Clock;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes a change to a company's export setup as that company's own security event ("Updated Security Event
 * Cloud Export"), with who made it and what it was; the one place settings and channel audits send from.
 */
@Component
class AuditEvents {

    static final String EVENT_NAME = "Updated Security Event Cloud Export";
    private static final Logger log = LoggerFactory.getLogger(AuditEvents.class);
    private static final JsonMapper JSON = JsonMapper.shared();

    private final KafkaTemplate<String, byte[]> kafka;
    private final ConfigProperties properties;
    private final Clock clock;

    AuditEvents(KafkaTemplate<String, byte[]> kafka, ConfigProperties properties, Clock clock) {
        this.kafka = kafka;
        this.properties = properties;
        this.clock = clock;
    }

    /** @param details the event's properties; never a secret or anything that may carry one */
    Mono<Void> publish(String companyId, String actorId, String actorEmail, JsonNode details) {
        SecurityEvent event = new SecurityEvent(
                UUID.randomUUID().toString(),
                companyId,
                clock.instant(),
                EVENT_NAME,
                new Actor(actorId, actorEmail),
                null,
                JSON.writeValueAsString(details));
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(properties.topics().securityEvents(), companyId, SecurityEventJson.toJson(event));
        // KafkaTemplate.send blocks for up to max.block.ms while the producer has no metadata for the topic (first
        // send, broker away); changes arrive here on r2dbc or HTTP event-loop threads, which must never block, so the
        // call itself goes to the bounded elastic scheduler
        return Mono.fromFuture(() -> kafka.send(record))
                .subscribeOn(Schedulers.boundedElastic())
                .doOnSuccess(sent -> log.info(
                        "audit event published companyId={} action={}",
                        companyId,
                        details.path("action").asString()))
                .then();
    }
}

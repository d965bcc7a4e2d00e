package io.securityexport.config.audit;

import io.securityexport.common.event.Actor;
import io.securityexport.common.event.SecurityEvent;
import io.securityexport.common.event.SecurityEventJson;
import io.securityexport.config.ConfigProperties;
import io.securityexport.config.settings.ExportCredentials;
import io.securityexport.config.settings.ExportSettings;
import io.securityexport.config.settings.SettingsChanged;
import io.securityexport.config.settings.SettingsChangedListener;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every change to the export settings is itself a security event of that company: "Updated Security Event Cloud
 * Export", with who did it, what kind of change it was and which fields changed — the names only for secrets.
 * First among the listeners: the record of a change is written before anything reacts to it.
 */
@Component
@Order(1)
class SettingsAudit implements SettingsChangedListener {

    static final String EVENT_NAME = "Updated Security Event Cloud Export";
    private static final Logger log = LoggerFactory.getLogger(SettingsAudit.class);
    private static final JsonMapper JSON = JsonMapper.shared();

    private final KafkaTemplate<String, byte[]> kafka;
    private final ConfigProperties properties;
    private final Clock clock;

    SettingsAudit(KafkaTemplate<String, byte[]> kafka, ConfigProperties properties, Clock clock) {
        this.kafka = kafka;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public Mono<Void> on(SettingsChanged change) {
        SecurityEvent event = new SecurityEvent(
                UUID.randomUUID().toString(),
                change.companyId(),
                clock.instant(),
                EVENT_NAME,
                new Actor(change.actorId(), change.actorEmail()),
                null,
                JSON.writeValueAsString(details(change)));
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                properties.topics().securityEvents(), change.companyId(), SecurityEventJson.toJson(event));
        // KafkaTemplate.send blocks for up to max.block.ms while the producer has no metadata for the topic (first
        // send, broker away); the change arrives here on an r2dbc or HTTP event-loop thread, which must never
        // block, so the call itself goes to the bounded elastic scheduler
        return Mono.fromFuture(() -> kafka.send(record))
                .subscribeOn(Schedulers.boundedElastic())
                .doOnSuccess(sent ->
                        log.info("audit event published companyId={} action={}", change.companyId(), action(change)))
                .then();
    }

    private static ObjectNode details(SettingsChanged change) {
        ObjectNode details = JSON.createObjectNode().put("action", action(change));
        change.after()
                .ifPresent(after -> details.put("settingsVersion", after.version())
                        .put("credentialMethod", after.credentials().method()));
        changedFields(change.before(), change.after()).forEach(details.putArray("changedFields")::add);
        return details;
    }

    static String action(SettingsChanged change) {
        if (change.before().isEmpty()) {
            return "created";
        }
        if (change.after().isEmpty()) {
            return "deleted";
        }
        boolean was = change.before().get().enabled();
        boolean is = change.after().get().enabled();
        return was == is ? "updated" : is ? "enabled" : "disabled";
    }

    private static List<String> changedFields(Optional<ExportSettings> before, Optional<ExportSettings> after) {
        List<String> fields = new ArrayList<>();
        compare(fields, "enabled", before, after, ExportSettings::enabled);
        compare(fields, "bucket", before, after, ExportSettings::bucket);
        compare(fields, "region", before, after, ExportSettings::region);
        compare(
                fields,
                "folderPath",
                before,
                after,
                settings -> settings.folderPath().value());
        compare(fields, "serverSideEncryption", before, after, ExportSettings::sseAes256);
        compare(fields, "gzip", before, after, ExportSettings::gzip);
        compare(
                fields,
                "credentials.method",
                before,
                after,
                settings -> settings.credentials().method());
        compare(
                fields,
                "credentials.accessKeyId",
                before,
                after,
                settings -> accessKey(settings)
                        .map(ExportCredentials.AccessKey::accessKeyId)
                        .orElse(null));
        // a newly sealed secret always differs (fresh nonce): its name is listed, never a value or hash
        compare(
                fields,
                "credentials.secretAccessKey",
                before,
                after,
                settings -> accessKey(settings)
                        .map(key ->
                                java.nio.ByteBuffer.wrap(key.secretAccessKey().nonceAndCiphertext()))
                        .orElse(null));
        compare(
                fields,
                "credentials.roleArn",
                before,
                after,
                settings ->
                        settings.credentials() instanceof ExportCredentials.AssumeRole role ? role.roleArn() : null);
        return fields;
    }

    private static Optional<ExportCredentials.AccessKey> accessKey(ExportSettings settings) {
        return settings.credentials() instanceof ExportCredentials.AccessKey key ? Optional.of(key) : Optional.empty();
    }

    private static void compare(
            List<String> fields,
            String name,
            Optional<ExportSettings> before,
            Optional<ExportSettings> after,
            Function<ExportSettings, Object> value) {
        if (!Objects.equals(before.map(value).orElse(null), after.map(value).orElse(null))) {
            fields.add(name);
        }
    }
}

package io.securityexport.config.audit;

import io.securityexport.config.settings.ExportCredentials;
import io.securityexport.config.settings.ExportSettings;
import io.securityexport.config.settings.SettingsChanged;
import io.securityexport.config.settings.SettingsChangedListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
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

    static final String EVENT_NAME = AuditEvents.EVENT_NAME;
    private static final JsonMapper JSON = JsonMapper.shared();

    private final AuditEvents events;

    SettingsAudit(AuditEvents events) {
        this.events = events;
    }

    @Override
    public Mono<Void> on(SettingsChanged change) {
        return events.publish(change.companyId(), change.actorId(), change.actorEmail(), details(change));
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

package io.securityexport.common.event;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Writes a {@link SecurityEvent} as the version-1 JSON value of {@code security-events} (for producers and tests). */
public final class SecurityEventJson {

    private static final JsonMapper JSON = JsonMapper.shared();

    private SecurityEventJson() {}

    public static byte[] toJson(SecurityEvent event) {
        ObjectNode root = JSON.createObjectNode();
        root.put("eventId", event.eventId());
        root.put("companyId", event.companyId());
        root.put("occurredAt", DateTimeFormatter.ISO_INSTANT.format(event.occurredAt()));
        root.put("eventName", event.eventName());
        ObjectNode actor = root.putObject("actor");
        actor.put("developerId", event.actor().developerId());
        actor.put("email", event.actor().email());
        root.put("otherAccount", event.otherAccount());
        if (event.properties() == null) {
            root.putNull("properties");
        } else {
            root.set("properties", JSON.readTree(event.properties()));
        }
        return JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
    }
}

package io.securityexport.config.audit;

import io.securityexport.config.alerts.ChannelChanged;
import io.securityexport.config.alerts.ChannelChangedListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * A notification channel created or deleted is a change to the company's export setup, audited like a settings
 * change: the same security event name, with {@code action} {@code channel.created} / {@code channel.deleted}, the
 * channel's ID and kind. Never its URL (it may carry a token in its path) and never its secret.
 */
@Component
class ChannelAudit implements ChannelChangedListener {

    private static final JsonMapper JSON = JsonMapper.shared();

    private final AuditEvents events;

    ChannelAudit(AuditEvents events) {
        this.events = events;
    }

    @Override
    public Mono<Void> on(ChannelChanged change) {
        return events.publish(
                change.companyId(),
                change.actorId(),
                change.actorEmail(),
                JSON.createObjectNode()
                        .put("action", change.action())
                        .put("channelId", change.channelId().toString())
                        .put("channelKind", change.channelKind()));
    }
}

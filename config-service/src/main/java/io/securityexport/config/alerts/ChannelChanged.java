package io.securityexport.config.alerts;

import java.util.UUID;

/**
 * A channel was created or deleted, by whom (the token's subject and email). Never carries the URL's secret or the
 * signing secret: the audit records which channel and what kind.
 *
 * @param action {@code channel.created} or {@code channel.deleted}
 */
public record ChannelChanged(
        String companyId, String actorId, String actorEmail, String action, UUID channelId, String channelKind) {}

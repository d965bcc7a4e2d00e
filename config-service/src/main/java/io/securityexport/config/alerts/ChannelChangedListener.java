package io.securityexport.config.alerts;

import reactor.core.publisher.Mono;

/**
 * A feature that reacts to {@link ChannelChanged} (the audit). The change waits for the returned Mono, like
 * settings' listeners: the audit record is on its topic when the admin sees the answer.
 */
public interface ChannelChangedListener {

    Mono<Void> on(ChannelChanged change);
}

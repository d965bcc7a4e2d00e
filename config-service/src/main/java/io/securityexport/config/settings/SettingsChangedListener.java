package io.securityexport.config.settings;

import reactor.core.publisher.Mono;

/**
 * A feature that reacts to {@link SettingsChanged} (the audit, the retry of failed days). The save waits for the
 * returned Mono: see {@link SettingsEvents} for why this is not an asynchronous application event.
 */
public interface SettingsChangedListener {

    Mono<Void> on(SettingsChanged change);
}

package io.securityexport.config.precheck;

import reactor.core.publisher.Mono;

/**
 * A feature that reacts to a finished pre-midnight check (tells the company, shows it in health). Implemented by the
 * features that care, so that this one depends on none of them; each listener's Mono completes before the check
 * counts as handled.
 */
public interface CredentialsCheckedListener {

    Mono<Void> on(CredentialsChecked checked);
}

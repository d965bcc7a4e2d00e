package io.securityexport.config.runs;

import reactor.core.publisher.Mono;

/**
 * A feature that reacts to {@link RunFinished} (the alerts). Recording the result waits for the returned Mono, as
 * settings' listeners do (see SettingsEvents for why): the Kafka offset of a result is committed only once its
 * consequences are stored, so a failure here redelivers the result rather than losing an alert.
 */
public interface RunFinishedListener {

    Mono<Void> on(RunFinished run);
}

package io.securityexport.config.schedule;

import reactor.core.publisher.Mono;

/**
 * A feature that reacts to {@link RunTimedOut} (the alerts). Declared here and implemented there, so that this
 * feature, which the run history uses, depends on none of the features that listen.
 */
public interface RunTimedOutListener {

    Mono<Void> on(RunTimedOut run);
}

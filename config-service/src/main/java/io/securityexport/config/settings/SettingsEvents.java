package io.securityexport.config.settings;

import java.util.List;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Hands a {@link SettingsChanged} to every {@link SettingsChangedListener}, one after the other in their
 * {@code @Order}, and completes when all of them have.
 * <p>
 * Why not Spring's {@code ApplicationEventPublisher} or Modulith's {@code @ApplicationModuleListener}: their
 * listeners run on the publisher's thread without waiting for a returned Mono (a reactive listener would be fired
 * and forgotten), or asynchronously after a commit with a JDBC event-publication registry this r2dbc service does
 * not have. The behaviour the API promises needs the listeners' work done before the response: the audit event of
 * a change is on the topic when the admin sees "saved" (a failed publish fails the request rather than losing the
 * audit record), and a company's failed days are re-queued before the admin's next read of the run history. So the
 * publisher composes the listeners' Monos into the save.
 */
@Component
class SettingsEvents {

    private final List<SettingsChangedListener> listeners;

    /** @param listeners in their {@code @Order} (Spring sorts an injected list by it) */
    SettingsEvents(List<SettingsChangedListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    Mono<Void> publish(SettingsChanged change) {
        return Flux.fromIterable(listeners)
                .concatMap(listener -> listener.on(change))
                .then();
    }
}

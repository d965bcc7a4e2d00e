package io.securityexport.config.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** How a settings change reaches the features that react to it; no Spring. */
class SettingsEventsTest {

    static final SettingsChanged DELETED =
            new SettingsChanged("acme", "dev-admin", "admin@acme.example", Optional.empty(), Optional.empty());

    @Test
    void everyListenerHasFinishedWhenThePublishCompletes() {
        List<String> finished = new ArrayList<>();
        SettingsChangedListener audit = change -> Mono.fromRunnable(() -> finished.add("audit"));
        SettingsChangedListener retries = change -> Mono.fromRunnable(() -> finished.add("retries"));

        new SettingsEvents(List.of(audit, retries))
                .publish(DELETED)
                .as(StepVerifier::create)
                .verifyComplete();

        assertThat(finished).containsExactly("audit", "retries");
    }

    @Test
    void aFailingListenerFailsThePublishAndLaterOnesDoNotRun() {
        List<String> ran = new ArrayList<>();
        SettingsChangedListener failing = change -> Mono.error(new IllegalStateException("Kafka is away"));
        SettingsChangedListener later = change -> Mono.fromRunnable(() -> ran.add("later"));

        new SettingsEvents(List.of(failing, later))
                .publish(DELETED)
                .as(StepVerifier::create)
                .verifyErrorMessage("Kafka is away");

        assertThat(ran).isEmpty();
    }

    @Test
    void nothingRunsBeforeSubscription() {
        List<String> ran = new ArrayList<>();
        SettingsChangedListener listener = change -> Mono.fromRunnable(() -> ran.add("ran"));

        Mono<Void> publish = new SettingsEvents(List.of(listener)).publish(DELETED);

        assertThat(ran).isEmpty();
        publish.as(StepVerifier::create).verifyComplete();
        assertThat(ran).containsExactly("ran");
    }
}

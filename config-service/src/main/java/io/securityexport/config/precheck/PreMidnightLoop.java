package io.securityexport.config.precheck;

import io.securityexport.config.ConfigProperties;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Runs the due pre-midnight checks at the scheduler's check interval, with the midnight scheduler's switch (tests
 * turn both off to drive them). Registered in code so that the interval comes from ConfigProperties, its one owner.
 */
@Component
class PreMidnightLoop implements SchedulingConfigurer {

    private static final Duration FIRST_ROUND_AFTER = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(PreMidnightLoop.class);

    private final PreMidnightChecks checks;
    private final ConfigProperties properties;
    private final AtomicBoolean running = new AtomicBoolean();

    PreMidnightLoop(PreMidnightChecks checks, ConfigProperties properties) {
        this.checks = checks;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(
                new FixedDelayTask(this::tick, properties.schedule().checkInterval(), FIRST_ROUND_AFTER));
    }

    void tick() {
        if (!properties.schedule().enabled() || !running.compareAndSet(false, true)) {
            return;
        }
        checks.runDue()
                .onErrorResume(error -> {
                    log.warn("pre-midnight check round failed, next round retries: {}", error.getMessage());
                    return Mono.empty();
                })
                .doFinally(signal -> running.set(false))
                .subscribe();
    }
}

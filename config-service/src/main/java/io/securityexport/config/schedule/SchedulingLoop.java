package io.securityexport.config.schedule;

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
 * Every check interval: create due midnight runs, fail runs whose result never came, re-queue due retries, publish
 * what is pending. Registered in code rather than with {@code @Scheduled} so that the interval comes from
 * ConfigProperties, its one owner, not from a placeholder that would repeat its default.
 */
@Component
class SchedulingLoop implements SchedulingConfigurer {

    /** Lets the application finish starting (and a test take the clock in hand) before the first round. */
    private static final Duration FIRST_ROUND_AFTER = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(SchedulingLoop.class);

    private final MidnightScheduler midnight;
    private final FailedDays failedDays;
    private final JobPublisher publisher;
    private final ConfigProperties properties;
    private final AtomicBoolean running = new AtomicBoolean();

    SchedulingLoop(
            MidnightScheduler midnight, FailedDays failedDays, JobPublisher publisher, ConfigProperties properties) {
        this.midnight = midnight;
        this.failedDays = failedDays;
        this.publisher = publisher;
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
        midnight.scheduleDueDays()
                .then(failedDays.failUnanswered())
                .then(failedDays.requeueDue())
                .then(publisher.publishPending())
                .onErrorResume(error -> {
                    log.warn("scheduling round failed, next round retries: {}", error.getMessage());
                    return Mono.empty();
                })
                .doFinally(signal -> running.set(false))
                .subscribe();
    }
}

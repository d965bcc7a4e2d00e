package io.securityexport.config.schedule;

import io.securityexport.config.ConfigProperties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Every check interval: create due midnight runs, fail runs whose result never came, re-queue due retries, publish
 * what is pending.
 */
@Component
class SchedulingLoop {

    private static final Logger log = LoggerFactory.getLogger(SchedulingLoop.class);

    private final MidnightScheduler midnight;
    private final FailedDays failedDays;
    private final JobPublisher publisher;
    private final ConfigProperties properties;
    private final AtomicBoolean running = new AtomicBoolean();

    SchedulingLoop(MidnightScheduler midnight, FailedDays failedDays, JobPublisher publisher, ConfigProperties properties) {
        this.midnight = midnight;
        this.failedDays = failedDays;
        this.publisher = publisher;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${security-export.config.schedule.check-interval:15s}", initialDelay = 1000)
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

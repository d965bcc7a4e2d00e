package io.securityexport.config.schedule;

import io.securityexport.config.settings.ExportSettings;
import io.securityexport.config.settings.SettingsChanged;
import io.securityexport.config.settings.SettingsChangedListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * New settings are the likeliest fix for whatever failed (a policy, a key): every failed day of a company whose
 * export is (still) enabled is tried again at once rather than after its back-off. The re-queued runs are in the
 * outbox when the save answers; their publishing is not waited for (the scheduling loop retries it).
 */
@Component
@Order(2)
class RequeueOnSettingsChange implements SettingsChangedListener {

    private final FailedDays failedDays;
    private final JobPublisher publisher;

    RequeueOnSettingsChange(FailedDays failedDays, JobPublisher publisher) {
        this.failedDays = failedDays;
        this.publisher = publisher;
    }

    @Override
    public Mono<Void> on(SettingsChanged change) {
        if (!change.after().map(ExportSettings::enabled).orElse(false)) {
            return Mono.empty();
        }
        return failedDays
                .requeueCompany(change.companyId())
                .doOnSuccess(requeued -> publisher.publishSoon())
                .then();
    }
}

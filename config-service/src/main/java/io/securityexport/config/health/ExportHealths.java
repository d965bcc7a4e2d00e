package io.securityexport.config.health;

import io.securityexport.config.ConfigProperties;
import io.securityexport.config.precheck.PreMidnightChecks;
import io.securityexport.config.runs.ExportRun;
import io.securityexport.config.runs.ExportRuns;
import io.securityexport.config.settings.HealthSummary;
import io.securityexport.config.settings.SettingsNotFound;
import io.securityexport.config.settings.SettingsService;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The health of a company's export, read from what the settings and runs features expose and computed by
 * {@link ExportHealth#of}. Also the summary the settings view shows.
 */
@Service
public class ExportHealths implements HealthSummary {

    private final SettingsService settings;
    private final ExportRuns runs;
    private final PreMidnightChecks checks;
    private final ConfigProperties properties;
    private final Clock clock;

    ExportHealths(
            SettingsService settings,
            ExportRuns runs,
            PreMidnightChecks checks,
            ConfigProperties properties,
            Clock clock) {
        this.settings = settings;
        this.runs = runs;
        this.checks = checks;
        this.properties = properties;
        this.clock = clock;
    }

    public Mono<ExportHealth> of(String companyId) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        long retentionDays = properties.schedule().retention().toDays();
        return setup(companyId)
                .flatMap(setup -> Mono.zip(
                                runs.since(companyId, today.minusDays(retentionDays))
                                        .map(ExportHealths::attempt)
                                        .collectList(),
                                checks.latest(companyId).map(Optional::of).defaultIfEmpty(Optional.empty()))
                        .map(found -> ExportHealth.of(
                                setup,
                                found.getT1(),
                                today,
                                retentionDays,
                                properties.health().atRiskWithin().toDays(),
                                found.getT2().orElse(null))));
    }

    @Override
    public Mono<Object> summary(String companyId) {
        return of(companyId).cast(Object.class);
    }

    private Mono<ExportHealth.Setup> setup(String companyId) {
        return settings.get(companyId)
                .map(found -> found.enabled() ? ExportHealth.Setup.ENABLED : ExportHealth.Setup.DISABLED)
                .onErrorResume(SettingsNotFound.class, missing -> Mono.just(ExportHealth.Setup.NOT_CONFIGURED));
    }

    /** A run still waiting has no finish time; a failure the NO_RESULT sweep recorded always has one. */
    private static ExportHealth.Attempt attempt(ExportRun run) {
        return new ExportHealth.Attempt(
                run.day(),
                run.status(),
                run.finishedAt() != null ? run.finishedAt() : run.requestedAt(),
                run.errorCode(),
                run.errorMessage());
    }
}

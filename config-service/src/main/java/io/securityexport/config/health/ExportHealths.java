package io.securityexport.config.health;

import io.securityexport.config.ConfigProperties;
import io.securityexport.config.credentials.CheckResult;
import io.securityexport.config.i18n.Sentences;
import io.securityexport.config.precheck.CredentialsChecked;
import io.securityexport.config.precheck.PreMidnightChecks;
import io.securityexport.config.runs.ExportRun;
import io.securityexport.config.runs.ExportRuns;
import io.securityexport.config.runs.RunErrors;
import io.securityexport.config.settings.HealthSummary;
import io.securityexport.config.settings.SettingsNotFound;
import io.securityexport.config.settings.SettingsService;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The health of a company's export, read from what the settings and runs features expose and computed by
 * {@link ExportHealth#of}. Also the summary the settings view shows.
 */
@Service
public class ExportHealths implements HealthSummary {

    /** What the latest failure or check may have said, stored in English: a run's error or a check's message. */
    private static final List<String> STORED_SENTENCES = Stream.of(
                    RunErrors.SENTENCES, CheckResult.FAILURE_SENTENCES, List.of(PreMidnightChecks.UNAVAILABLE))
            .flatMap(List::stream)
            .toList();

    private final SettingsService settings;
    private final ExportRuns runs;
    private final PreMidnightChecks checks;
    private final ConfigProperties properties;
    private final Clock clock;
    private final Sentences sentences;

    ExportHealths(
            SettingsService settings,
            ExportRuns runs,
            PreMidnightChecks checks,
            ConfigProperties properties,
            Clock clock,
            Sentences sentences) {
        this.sentences = sentences;
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
    public Mono<Object> summary(String companyId, Locale locale) {
        return of(companyId).map(health -> localized(health, locale)).cast(Object.class);
    }

    /**
     * The health as the API shows it: the summary in this language, and the stored English sentences of the latest
     * failure and check read back and said in it too (as stored when they cannot be read back).
     */
    public HealthView localized(ExportHealth health, Locale locale) {
        CredentialsChecked check = health.credentialCheck();
        return new HealthView(
                health.status(),
                health.lastSuccessfulDay(),
                health.failingSince(),
                health.pendingDays(),
                health.oldestPendingDay(),
                health.oldestPendingLeavesOn(),
                health.daysLeft(),
                health.lastErrorCode(),
                stored(health.lastErrorMessage(), locale),
                sentences.text(health.summary(), locale),
                check == null
                        ? null
                        : new CredentialsChecked(
                                check.companyId(),
                                check.day(),
                                check.checkedAt(),
                                check.passed(),
                                check.failedCheck(),
                                check.errorCode(),
                                stored(check.message(), locale)));
    }

    private String stored(String english, Locale locale) {
        return sentences
                .reread(english, STORED_SENTENCES)
                .map(sentence -> sentences.text(sentence, locale))
                .orElse(english);
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

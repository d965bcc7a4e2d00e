package io.securityexport.config.runs;

import io.securityexport.common.export.ExportJob;
import io.securityexport.common.export.ExportResult;
import io.securityexport.config.ConfigProperties;
import io.securityexport.config.i18n.Sentence;
import io.securityexport.config.schedule.FailedDays;
import io.securityexport.config.schedule.JobPublisher;
import io.securityexport.config.settings.ExportSettings;
import io.securityexport.config.settings.SettingsNotFound;
import io.securityexport.config.settings.SettingsService;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Requests exports (one job per company-day on the job topic) and keeps the run history from workers' results. */
@Service
public class ExportRuns {

    private static final Logger log = LoggerFactory.getLogger(ExportRuns.class);

    private final SettingsService settings;
    private final RunRepository runs;
    private final JobPublisher publisher;
    private final FailedDays failedDays;
    private final Clock clock;
    private final ConfigProperties properties;
    private final List<RunFinishedListener> listeners;

    ExportRuns(
            SettingsService settings,
            RunRepository runs,
            JobPublisher publisher,
            FailedDays failedDays,
            Clock clock,
            ConfigProperties properties,
            List<RunFinishedListener> listeners) {
        this.listeners = List.copyOf(listeners);
        this.settings = settings;
        this.runs = runs;
        this.publisher = publisher;
        this.failedDays = failedDays;
        this.clock = clock;
        this.properties = properties;
    }

    /**
     * Requests the export of one day, only of an export that is configured and switched on
     * ({@link ExportNotConfigured}, {@link ExportDisabled} otherwise: off means off). Today may be requested too: the
     * file then holds what has been received so far and is replaced by the midnight run. The run row is the outbox
     * entry: written first, published by the relay right away (or by a later round if Kafka is down), so a worker's
     * result always finds it.
     */
    public Mono<ExportRun> request(String companyId, LocalDate day, ExportJob.Trigger trigger) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        if (day.isAfter(today)) {
            return Mono.error(new DayNotExportable(Sentence.of("field.day.future", day.toString())));
        }
        ExportJob job = new ExportJob(UUID.randomUUID(), companyId, day, trigger, clock.instant());
        return settings.get(companyId)
                .onErrorMap(SettingsNotFound.class, missing -> new ExportNotConfigured(companyId))
                .filter(ExportSettings::enabled)
                .switchIfEmpty(Mono.error(() -> new ExportDisabled(companyId)))
                .then(runs.requested(job))
                .doOnSuccess(recorded -> publisher.publishSoon())
                .thenReturn(new ExportRun(
                        job.jobId(),
                        companyId,
                        day,
                        trigger.name(),
                        ExportRun.REQUESTED,
                        job.requestedAt(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        1,
                        null,
                        null));
    }

    /**
     * A page of the run history, newest first: at most {@code limit} runs (the configured history limit when
     * null), after {@code cursor} when given.
     */
    public Mono<HistoryPage> history(String companyId, Integer limit, HistoryCursor cursor) {
        int size = limit != null ? limit : properties.runs().historyLimit();
        return settings.get(companyId)
                .thenMany(runs.history(companyId, size + 1, cursor))
                .collectList()
                .map(found -> found.size() > size
                        ? new HistoryPage(found.subList(0, size), Optional.of(HistoryCursor.after(found.get(size - 1))))
                        : new HistoryPage(found, Optional.empty()));
    }

    /**
     * The runs of the days from {@code from} on (and the newest success before), oldest first, without the tenant
     * check of {@link #history}: for features that summarise them (the export's health).
     */
    public Flux<ExportRun> since(String companyId, LocalDate from) {
        return runs.since(companyId, from);
    }

    public Mono<Void> record(ExportResult result) {
        return runs.finished(result)
                .flatMap(updated -> result.status() == ExportResult.Status.FAILED
                        ? failedDays.planRetry(result.jobId()).thenReturn(updated)
                        : Mono.just(updated))
                .flatMap(updated ->
                        updated > 0 ? announce(RunFinished.of(result)).thenReturn(updated) : Mono.just(updated))
                .doOnNext(updated -> log.info(
                        "export run finished jobId={} companyId={} day={} status={} rows={} errorCode={}",
                        result.jobId(),
                        result.companyId(),
                        result.day(),
                        result.status(),
                        result.rows(),
                        result.errorCode()))
                .then();
    }

    private Mono<Void> announce(RunFinished run) {
        return Flux.fromIterable(listeners)
                .concatMap(listener -> listener.on(run))
                .then();
    }
}

package io.securityexport.config.schedule;

import io.securityexport.config.ConfigProperties;
import io.securityexport.config.i18n.Sentence;
import io.securityexport.config.i18n.Sentences;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A failed day is never dropped silently: it is tried again after a back-off that grows to daily, for as long as its
 * data is retained; when the company saves new settings, all its failed days are tried again at once. Past the
 * retention it is given up with an ERROR log (its data is gone).
 */
@Component
public class FailedDays {

    private static final Logger log = LoggerFactory.getLogger(FailedDays.class);

    /**
     * The latest run of each company-day, when it failed (or, for {@code requeueCompany}, was cancelled while the
     * export was off), of companies whose export is switched on; the retry is a new run with the next attempt
     * number. A disabled or deleted export gets no retry: off means off, and its stored credentials are not used.
     */
    private static final String REQUEUE = """
            WITH latest AS (
                SELECT DISTINCT ON (company_id, day) job_id, company_id, day, status, attempt
                  FROM config.export_runs
                 WHERE %s
                   AND company_id IN (SELECT company_id FROM config.export_settings WHERE enabled)
                 ORDER BY company_id, day, requested_at DESC),
            retried AS (
                INSERT INTO config.export_runs (job_id, company_id, day, trigger, status, requested_at, attempt)
                SELECT gen_random_uuid(), company_id, day, 'RETRY', 'REQUESTED', $1, attempt + 1
                  FROM latest WHERE status = ANY($4) AND day >= $2
                RETURNING company_id, day)
            UPDATE config.export_runs r SET next_retry_at = NULL
              FROM latest l
             WHERE r.job_id = l.job_id AND l.status = ANY($4)
            """;

    /**
     * Due retries of companies whose export is off or gone are dropped rather than left due: nothing would ever take
     * them, and switching the export on again re-queues every failed day anyway ({@link #requeueCompany}).
     */
    private static final String DROP_RETRIES_OF_EXPORTS_OFF = """
            UPDATE config.export_runs SET next_retry_at = NULL
             WHERE next_retry_at <= $1
               AND company_id NOT IN (SELECT company_id FROM config.export_settings WHERE enabled)
            """;

    private static final String[] FAILED = {"FAILED"};
    /** A day cancelled because the export was off is owed too, once the export is on again. */
    private static final String[] FAILED_OR_CANCELLED = {"FAILED", "CANCELLED"};

    private final DatabaseClient database;
    private final TransactionalOperator transactions;
    private final ConfigProperties properties;
    private final Clock clock;
    private final ObjectProvider<RunTimedOutListener> listeners;
    private final Sentences sentences;

    FailedDays(
            DatabaseClient database,
            TransactionalOperator transactions,
            ConfigProperties properties,
            Clock clock,
            ObjectProvider<RunTimedOutListener> listeners,
            Sentences sentences) {
        this.listeners = listeners;
        this.sentences = sentences;
        this.database = database;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    /** After a failed attempt: when to try again, or give up when the day has left the retention. */
    public Mono<Void> planRetry(UUID jobId) {
        return database.sql("SELECT company_id, day, attempt, finished_at FROM config.export_runs WHERE job_id = $1")
                .bind(0, jobId)
                .map(row -> new Attempt(
                        row.get("company_id", String.class),
                        row.get("day", LocalDate.class),
                        row.get("attempt", Integer.class),
                        row.get("finished_at", Instant.class)))
                .one()
                .flatMap(this::planRetry);
    }

    /**
     * Runs published longer than the result timeout ago without a result (a job lost to a poison message, a worker
     * that could not report) become failures, retried like any other: a day never waits forever on a lost job.
     */
    public Mono<Long> failUnanswered() {
        Instant now = clock.instant();
        // stored in English like the workers' sentences; the run history says it in the admin's language
        String message = sentences.english(Sentence.of(
                "run.error.no-result", properties.schedule().resultTimeout().toString()));
        return database.sql("""
                        UPDATE config.export_runs
                           SET status = 'FAILED', finished_at = $1, error_code = 'NO_RESULT', error_message = $2
                         WHERE status = 'REQUESTED' AND published_at < $3
                        RETURNING job_id, company_id, day
                        """)
                .bind(0, now)
                .bind(1, message)
                .bind(2, now.minus(properties.schedule().resultTimeout()))
                .map(row -> new RunTimedOut(
                        row.get("job_id", UUID.class),
                        row.get("company_id", String.class),
                        row.get("day", LocalDate.class),
                        now,
                        message))
                .all()
                .concatMap(run -> planRetry(run.jobId()).thenReturn(run))
                .collectList()
                // failing a run and planning its retry are one: a crash in between must not leave a failed run
                // that nothing will ever retry
                .as(transactions::transactional)
                .flatMap(timedOut -> announce(timedOut).thenReturn((long) timedOut.size()))
                .doOnNext(count -> {
                    if (count > 0) {
                        log.warn(
                                "{} published run(s) had no result after {}; failed as NO_RESULT and planned for retry",
                                count,
                                properties.schedule().resultTimeout());
                    }
                });
    }

    /** After the commit: the failures are stored whatever a listener does. */
    private Mono<Void> announce(List<RunTimedOut> timedOut) {
        return Flux.fromIterable(timedOut)
                .concatMap(run -> Flux.fromStream(listeners.orderedStream()).concatMap(listener -> listener.on(run)))
                .then();
    }

    /** Due retries of every company: a new run for each failed day whose back-off has passed. */
    public Mono<Long> requeueDue() {
        return requeue(
                        "(company_id, day) IN (SELECT company_id, day FROM config.export_runs WHERE next_retry_at <= $3)",
                        null,
                        FAILED)
                .flatMap(requeued -> dropRetriesOfExportsOff().thenReturn(requeued));
    }

    /**
     * Every failed (or cancelled) day of one company, now: its settings were just changed, or its export switched on
     * again. Nothing happens while the export is off.
     */
    public Mono<Long> requeueCompany(String companyId) {
        return requeue("company_id = $3", companyId, FAILED_OR_CANCELLED).doOnNext(count -> {
            if (count > 0) {
                log.info("re-queued {} failed day(s) of companyId={} after its settings changed", count, companyId);
            }
        });
    }

    private Mono<Long> requeue(String which, String companyId, String[] statuses) {
        Instant now = clock.instant();
        return database.sql(REQUEUE.formatted(which))
                .bind(0, now)
                .bind(1, oldestRetained(now))
                .bind(2, companyId != null ? companyId : now)
                .bind(3, statuses)
                .fetch()
                .rowsUpdated()
                .as(transactions::transactional);
    }

    private Mono<Long> dropRetriesOfExportsOff() {
        return database.sql(DROP_RETRIES_OF_EXPORTS_OFF)
                .bind(0, clock.instant())
                .fetch()
                .rowsUpdated()
                .doOnNext(dropped -> {
                    if (dropped > 0) {
                        log.info("dropped {} due retry(ies) of exports that are switched off or deleted", dropped);
                    }
                });
    }

    private record Attempt(String companyId, LocalDate day, int number, Instant finishedAt) {}

    private Mono<Void> planRetry(Attempt attempt) {
        Instant now = clock.instant();
        RetryPlan plan = plan();
        Optional<Instant> next = plan.nextAttempt(attempt.day(), attempt.number(), attempt.finishedAt(), now);
        if (next.isEmpty()) {
            log.error(
                    "giving up export of companyId={} day={} after {} attempt(s): the day has left the retention",
                    attempt.companyId(),
                    attempt.day(),
                    attempt.number());
            return Mono.empty();
        }
        return database.sql("UPDATE config.export_runs SET next_retry_at = $1 WHERE company_id = $2 AND day = $3"
                        + " AND attempt = $4 AND status = 'FAILED'")
                .bind(0, next.get())
                .bind(1, attempt.companyId())
                .bind(2, attempt.day())
                .bind(3, attempt.number())
                .then()
                .doOnSuccess(ignored -> log.info(
                        "export of companyId={} day={} failed (attempt {}); next attempt in {}",
                        attempt.companyId(),
                        attempt.day(),
                        attempt.number(),
                        plan.waitAfter(attempt.number())));
    }

    private RetryPlan plan() {
        return new RetryPlan(
                properties.schedule().retryBackoff(), properties.schedule().retention());
    }

    private LocalDate oldestRetained(Instant now) {
        return plan().oldestRetained(now);
    }
}

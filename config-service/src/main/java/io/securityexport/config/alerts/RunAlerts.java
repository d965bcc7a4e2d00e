package io.securityexport.config.alerts;

import io.securityexport.common.export.ExportResult;
import io.securityexport.config.runs.RunFinished;
import io.securityexport.config.runs.RunFinishedListener;
import io.securityexport.config.schedule.RunTimedOut;
import io.securityexport.config.schedule.RunTimedOutListener;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Turns run results into {@code export.failed} and {@code export.recovered}, once per problem ({@link AlertState}).
 * The company's state row is locked while it is read, changed and the alert queued, in one transaction: two results
 * of one company handled at once (a rebalance, two replicas) cannot both alert, and a redelivered result finds the
 * state it already caused.
 */
@Component
class RunAlerts implements RunFinishedListener, RunTimedOutListener {

    private final DatabaseClient database;
    private final TransactionalOperator transactions;
    private final AlertChannels channels;
    private final Clock clock;

    RunAlerts(DatabaseClient database, TransactionalOperator transactions, AlertChannels channels, Clock clock) {
        this.database = database;
        this.transactions = transactions;
        this.channels = channels;
        this.clock = clock;
    }

    /** A run no worker answered is a failure like any other: once per problem, as for a worker's FAILED result. */
    @Override
    public Mono<Void> on(RunTimedOut run) {
        return on(new RunFinished(
                run.jobId(),
                run.companyId(),
                run.day(),
                ExportResult.Status.FAILED,
                RunTimedOut.ERROR_CODE,
                run.message(),
                run.failedAt()));
    }

    @Override
    public Mono<Void> on(RunFinished run) {
        Instant at = run.finishedAt() == null ? clock.instant() : run.finishedAt();
        return lockedState(run.companyId())
                .flatMap(state -> apply(run, state.after(run.succeeded(), at)))
                .as(transactions::transactional)
                .flatMap(queued -> queued ? Mono.fromRunnable(channels::deliverSoon) : Mono.empty())
                .then();
    }

    private Mono<AlertState> lockedState(String companyId) {
        return database.sql("INSERT INTO config.alert_state (company_id) VALUES ($1) ON CONFLICT DO NOTHING")
                .bind(0, companyId)
                .then()
                .then(database.sql("SELECT failing_since FROM config.alert_state WHERE company_id = $1 FOR UPDATE")
                        .bind(0, companyId)
                        .map(row -> new AlertState(row.get("failing_since", Instant.class)))
                        .one());
    }

    /** @return whether an alert was queued */
    private Mono<Boolean> apply(RunFinished run, AlertState.Transition transition) {
        Optional<AlertKind> alert = transition.alert();
        Mono<Void> save = database.sql("UPDATE config.alert_state SET failing_since = $2,"
                        + " last_alerted_kind = COALESCE($3, last_alerted_kind),"
                        + " last_alerted_at = CASE WHEN $3::text IS NULL THEN last_alerted_at ELSE $4 END"
                        + " WHERE company_id = $1")
                .bind(0, run.companyId())
                .bind(1, Parameter.fromOrEmpty(transition.next().failingSince(), Instant.class))
                .bind(2, Parameter.fromOrEmpty(alert.map(AlertKind::wireName).orElse(null), String.class))
                .bind(3, clock.instant())
                .then();
        if (alert.isEmpty()) {
            return save.thenReturn(false);
        }
        AlertRaised raised = new AlertRaised(
                run.companyId(),
                alert.get(),
                List.of(run.day()),
                run.succeeded() ? null : run.errorCode(),
                run.succeeded() ? "The export of " + run.day() + " succeeded." : run.errorMessage());
        return save.then(channels.queue(raised)).thenReturn(true);
    }
}

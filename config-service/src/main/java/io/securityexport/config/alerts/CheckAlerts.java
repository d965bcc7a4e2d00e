package io.securityexport.config.alerts;

import io.securityexport.config.ConfigProperties;
import io.securityexport.config.health.ExportHealth;
import io.securityexport.config.health.ExportHealths;
import io.securityexport.config.precheck.CredentialsChecked;
import io.securityexport.config.precheck.CredentialsCheckedListener;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * What the check before midnight tells a company: {@code credentials.check_failed} when its saved credentials fail
 * while its exports are healthy (once per problem: not again on the next days' checks until a check passed or an
 * export alert intervened; a company already told {@code export.failed} hears nothing new), and
 * {@code export.at_risk} when its oldest failed day leaves the retention in 7, 3 or 1 days. The check runs exactly
 * once per company and day, so each threshold is told once.
 */
@Component
class CheckAlerts implements CredentialsCheckedListener {

    private static final String CHECK_FAILED = AlertKind.CREDENTIALS_CHECK_FAILED.wireName();

    private final DatabaseClient database;
    private final TransactionalOperator transactions;
    private final AlertChannels channels;
    private final ExportHealths health;
    private final ConfigProperties properties;

    CheckAlerts(
            DatabaseClient database,
            TransactionalOperator transactions,
            AlertChannels channels,
            ExportHealths health,
            ConfigProperties properties) {
        this.database = database;
        this.transactions = transactions;
        this.channels = channels;
        this.health = health;
        this.properties = properties;
    }

    @Override
    public Mono<Void> on(CredentialsChecked checked) {
        return checkOutcome(checked).then(atRisk(checked.companyId()));
    }

    private Mono<Void> checkOutcome(CredentialsChecked checked) {
        return lockedState(checked.companyId())
                .flatMap(state -> checked.passed() ? passed(checked, state) : failed(checked, state))
                .as(transactions::transactional)
                .flatMap(queued -> queued ? Mono.fromRunnable(channels::deliverSoon) : Mono.empty())
                .then();
    }

    /** @return whether an alert was queued */
    private Mono<Boolean> failed(CredentialsChecked checked, State state) {
        if (state.failing() || CHECK_FAILED.equals(state.lastAlertedKind())) {
            return Mono.just(false);
        }
        AlertRaised alert = new AlertRaised(
                checked.companyId(),
                AlertKind.CREDENTIALS_CHECK_FAILED,
                List.of(checked.day()),
                checked.errorCode(),
                "The check of the saved credentials before midnight failed"
                        + (checked.failedCheck() == null ? "" : " at " + checked.failedCheck()) + ": "
                        + checked.message() + " The file of " + checked.day() + " will fail unless this is fixed.");
        return remember(checked.companyId(), CHECK_FAILED)
                .then(channels.queue(alert))
                .thenReturn(true);
    }

    /** A passing check ends the problem it told, so the next failure is told again. */
    private Mono<Boolean> passed(CredentialsChecked checked, State state) {
        if (!CHECK_FAILED.equals(state.lastAlertedKind())) {
            return Mono.just(false);
        }
        return remember(checked.companyId(), "credentials.check_passed").thenReturn(false);
    }

    private Mono<Void> atRisk(String companyId) {
        return health.of(companyId)
                .filter(now -> now.daysLeft() != null
                        && properties.alerts().atRiskDaysLeft().contains(now.daysLeft()))
                .flatMap(now -> channels.raise(new AlertRaised(
                        companyId, AlertKind.EXPORT_AT_RISK, now.pendingDays(), now.lastErrorCode(), atRiskText(now))));
    }

    private static String atRiskText(ExportHealth now) {
        return now.pendingDays().size() + " day(s) could not be exported; the oldest, " + now.oldestPendingDay()
                + ", leaves the retention on " + now.oldestPendingLeavesOn() + " (" + now.daysLeft()
                + " day(s) left) and is lost unless the export works again by then. Last error: "
                + now.lastErrorMessage();
    }

    private record State(boolean failing, String lastAlertedKind) {}

    private Mono<State> lockedState(String companyId) {
        return database.sql("INSERT INTO config.alert_state (company_id) VALUES ($1) ON CONFLICT DO NOTHING")
                .bind(0, companyId)
                .then()
                .then(database.sql("SELECT failing_since, last_alerted_kind FROM config.alert_state"
                                + " WHERE company_id = $1 FOR UPDATE")
                        .bind(0, companyId)
                        .map(row ->
                                new State(row.get("failing_since") != null, row.get("last_alerted_kind", String.class)))
                        .one());
    }

    private Mono<Void> remember(String companyId, String kind) {
        return database.sql("UPDATE config.alert_state SET last_alerted_kind = $2 WHERE company_id = $1")
                .bind(0, companyId)
                .bind(1, kind)
                .then();
    }
}

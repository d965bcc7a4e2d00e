package io.securityexport.config.precheck;

import io.securityexport.config.ConfigProperties;
import io.securityexport.config.credentials.CheckResult;
import io.securityexport.config.credentials.CredentialTestReport;
import io.securityexport.config.credentials.CredentialTester;
import io.securityexport.config.i18n.Sentence;
import io.securityexport.config.i18n.Sentences;
import io.securityexport.config.settings.ExportSettings;
import io.securityexport.config.settings.SettingsNotFound;
import io.securityexport.config.settings.SettingsService;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Before day D's file is due, every enabled company's saved settings get the same checks as Test Credentials, so a
 * broken bucket or role is found — and told — while there is still time to fix it. Each company is checked exactly
 * once per day across replicas: planning the day's checks is an idempotent insert, and a check is claimed by one
 * replica with {@code FOR UPDATE SKIP LOCKED} before it runs. A replica that dies between claim and result leaves
 * that company unchecked for the day (never checked twice); the midnight export still runs and reports.
 */
@Service
public class PreMidnightChecks {

    private static final Logger log = LoggerFactory.getLogger(PreMidnightChecks.class);

    /** The offset of a company in the window: stable per company (md5 of its ID), spread evenly over the seconds. */
    private static final String PLAN = """
            INSERT INTO config.credential_checks (company_id, day, due_at)
            SELECT company_id, $1,
                   $2 + make_interval(secs => (('x' || substr(md5(company_id), 1, 8))::bit(32)::bigint % $3))
              FROM config.export_settings
             WHERE enabled
            ON CONFLICT DO NOTHING
            """;

    private static final String CLAIM = """
            UPDATE config.credential_checks c
               SET claimed_at = $3
             WHERE (c.company_id, c.day) IN (SELECT company_id, day
                                               FROM config.credential_checks
                                              WHERE day = $1 AND claimed_at IS NULL AND due_at <= $2
                                              ORDER BY due_at
                                              LIMIT $4
                                                FOR UPDATE SKIP LOCKED)
            RETURNING c.company_id
            """;

    private static final String RECORD = """
            UPDATE config.credential_checks
               SET checked_at = $3, passed = $4, failed_check = $5, error_code = $6, message = $7
             WHERE company_id = $1 AND day = $2
            """;

    /** The sentence of a check that could not run; stored in English like every check's message. */
    public static final String UNAVAILABLE = "check.unavailable";

    private final DatabaseClient database;
    private final SettingsService settings;
    private final CredentialTester tester;
    private final Sentences sentences;
    private final ObjectProvider<CredentialsCheckedListener> listeners;
    private final ConfigProperties.Precheck properties;
    private final CheckWindow window;
    private final Clock clock;

    PreMidnightChecks(
            DatabaseClient database,
            SettingsService settings,
            CredentialTester tester,
            Sentences sentences,
            ObjectProvider<CredentialsCheckedListener> listeners,
            ConfigProperties properties,
            Clock clock) {
        this.database = database;
        this.settings = settings;
        this.tester = tester;
        this.sentences = sentences;
        this.listeners = listeners;
        this.properties = properties.precheck();
        this.window = new CheckWindow(this.properties.start(), this.properties.spread());
        this.clock = clock;
    }

    /** One round: once today's window is open, plan its checks and run those due. @return how many ran here */
    public Mono<Long> runDue() {
        Instant now = clock.instant();
        LocalDate day = window.dayDueAt(now);
        if (day == null) {
            return Mono.just(0L);
        }
        return plan(day)
                .thenMany(claimDue(day, now))
                .flatMap(companyId -> check(companyId, day), properties.concurrency())
                .count();
    }

    /** The latest finished check of the company's saved credentials, if any. */
    public Mono<CredentialsChecked> latest(String companyId) {
        return database.sql("SELECT company_id, day, checked_at, passed, failed_check, error_code, message"
                        + " FROM config.credential_checks WHERE company_id = $1 AND checked_at IS NOT NULL"
                        + " ORDER BY day DESC LIMIT 1")
                .bind(0, companyId)
                .map(row -> new CredentialsChecked(
                        row.get("company_id", String.class),
                        row.get("day", LocalDate.class),
                        row.get("checked_at", Instant.class),
                        Boolean.TRUE.equals(row.get("passed", Boolean.class)),
                        row.get("failed_check", String.class),
                        row.get("error_code", String.class),
                        row.get("message", String.class)))
                .one();
    }

    private Mono<Long> plan(LocalDate day) {
        return database.sql(PLAN)
                .bind(0, day)
                .bind(1, window.opens(day))
                .bind(2, window.spreadSeconds())
                .fetch()
                .rowsUpdated();
    }

    private Flux<String> claimDue(LocalDate day, Instant now) {
        return database.sql(CLAIM)
                .bind(0, day)
                .bind(1, now)
                .bind(2, now)
                .bind(3, properties.batch())
                .map(row -> row.get("company_id", String.class))
                .all();
    }

    /** Switched off or deleted since the plan: nothing to check, nothing to tell. */
    private Mono<CredentialsChecked> check(String companyId, LocalDate day) {
        return settings.get(companyId)
                .filter(ExportSettings::enabled)
                .flatMap(tester::test)
                .map(report -> outcome(companyId, day, report))
                .onErrorResume(SettingsNotFound.class, gone -> Mono.empty())
                .onErrorResume(
                        error -> !(error instanceof SettingsNotFound),
                        error -> Mono.just(unchecked(companyId, day, error)))
                .flatMap(this::record)
                .flatMap(this::tell);
    }

    private CredentialsChecked outcome(String companyId, LocalDate day, CredentialTestReport report) {
        List<CheckResult> failed = report.checks().stream()
                .filter(check -> check.status() == CheckResult.Status.FAILED)
                .toList();
        if (failed.isEmpty()) {
            return new CredentialsChecked(companyId, day, clock.instant(), true, null, null, null);
        }
        CheckResult first = failed.get(0);
        return new CredentialsChecked(
                companyId,
                day,
                clock.instant(),
                false,
                first.check(),
                first.awsErrorCode(),
                sentences.english(first.message()));
    }

    /** The check itself could not run (our side): recorded as failed with a fixed sentence, the cause only logged. */
    private CredentialsChecked unchecked(String companyId, LocalDate day, Throwable error) {
        log.warn("pre-midnight check could not run companyId={} day={}: {}", companyId, day, error.toString());
        return new CredentialsChecked(
                companyId,
                day,
                clock.instant(),
                false,
                null,
                "CHECK_UNAVAILABLE",
                sentences.english(Sentence.of(UNAVAILABLE)));
    }

    private Mono<CredentialsChecked> record(CredentialsChecked checked) {
        return database.sql(RECORD)
                .bind(0, checked.companyId())
                .bind(1, checked.day())
                .bind(2, checked.checkedAt())
                .bind(3, checked.passed())
                .bind(4, Parameter.fromOrEmpty(checked.failedCheck(), String.class))
                .bind(5, Parameter.fromOrEmpty(checked.errorCode(), String.class))
                .bind(6, Parameter.fromOrEmpty(checked.message(), String.class))
                .fetch()
                .rowsUpdated()
                .doOnSuccess(ignored -> log.info(
                        "pre-midnight check companyId={} day={} passed={} failedCheck={} errorCode={}",
                        checked.companyId(),
                        checked.day(),
                        checked.passed(),
                        checked.failedCheck(),
                        checked.errorCode()))
                .thenReturn(checked);
    }

    private Mono<CredentialsChecked> tell(CredentialsChecked checked) {
        return Flux.fromStream(listeners.orderedStream())
                .concatMap(listener -> listener.on(checked))
                .then(Mono.just(checked));
    }
}

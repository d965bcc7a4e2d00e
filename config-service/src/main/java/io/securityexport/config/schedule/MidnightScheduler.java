package io.securityexport.config.schedule;

import io.securityexport.common.export.DaySettlement;
import io.securityexport.config.ConfigProperties;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Creates the midnight runs: for every settled day not yet scheduled (yesterday, or every day missed while no
 * replica was running, back to the retention), one SCHEDULED run per enabled company, with the size of the company's
 * last delivered day so that the outbox sends the small companies' jobs first. Claiming the day and creating
 * its runs happen in one transaction, and a unique index allows one scheduled run per company-day, so any number
 * of replicas may do this at once and still create each job exactly once.
 */
@Component
public class MidnightScheduler {

    private static final Logger log = LoggerFactory.getLogger(MidnightScheduler.class);

    private final DatabaseClient database;
    private final TransactionalOperator transactions;
    private final ConfigProperties properties;
    private final Clock clock;

    MidnightScheduler(
            DatabaseClient database, TransactionalOperator transactions, ConfigProperties properties, Clock clock) {
        this.database = database;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    /** @return how many runs were created */
    public Mono<Long> scheduleDueDays() {
        Instant now = clock.instant();
        LocalDate lastSettled = lastSettledDay(now);
        LocalDate oldest = now.atZone(ZoneOffset.UTC)
                .toLocalDate()
                .minusDays(properties.schedule().retention().toDays());
        return database.sql("SELECT max(day) AS last FROM config.scheduled_days")
                .map(row -> java.util.Optional.ofNullable(row.get("last", LocalDate.class)))
                .one()
                .flatMapMany(last -> {
                    LocalDate from = last.map(day -> day.plusDays(1)).orElse(lastSettled);
                    LocalDate start = from.isBefore(oldest) ? oldest : from;
                    // another replica may already have scheduled everything up to today's last settled day
                    return start.isAfter(lastSettled)
                            ? Flux.<LocalDate>empty()
                            : Flux.fromStream(start.datesUntil(lastSettled.plusDays(1)));
                })
                .concatMap(day -> scheduleDay(day, now))
                .reduce(0L, Long::sum);
    }

    private LocalDate lastSettledDay(Instant now) {
        DaySettlement settlement = new DaySettlement(properties.schedule().settleDelay());
        LocalDate yesterday = now.atZone(ZoneOffset.UTC).toLocalDate().minusDays(1);
        return settlement.isSettled(yesterday, now) ? yesterday : yesterday.minusDays(1);
    }

    private Mono<Long> scheduleDay(LocalDate day, Instant now) {
        return database.sql(
                        "INSERT INTO config.scheduled_days (day, scheduled_at) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind(0, day)
                .bind(1, now)
                .fetch()
                .rowsUpdated()
                .flatMap(claimed -> claimed == 0 ? Mono.just(0L) : createRuns(day, now))
                .as(transactions::transactional)
                .doOnNext(created -> {
                    if (created > 0) {
                        log.info("scheduled {} export run(s) for day {}", created, day);
                    }
                });
    }

    /**
     * One run per enabled company, each carrying the row count of the company's last delivered day: the outbox
     * publishes a midnight's jobs smallest first ({@link JobPublisher}).
     */
    private Mono<Long> createRuns(LocalDate day, Instant now) {
        return database.sql("""
                        INSERT INTO config.export_runs (job_id, company_id, day, trigger, status, requested_at, attempt,
                                                        expected_rows)
                        SELECT gen_random_uuid(), s.company_id, $1, 'SCHEDULED', 'REQUESTED', $2, 1,
                               (SELECT r.rows FROM config.export_runs r
                                 WHERE r.company_id = s.company_id AND r.day < $1 AND r.status = 'SUCCEEDED'
                                 ORDER BY r.day DESC, r.finished_at DESC LIMIT 1)
                          FROM config.export_settings s WHERE s.enabled
                        ON CONFLICT (company_id, day) WHERE trigger = 'SCHEDULED' DO NOTHING""").bind(0, day).bind(1, now).fetch().rowsUpdated();
    }
}

package io.securityexport.benchmarks;

import io.securityexport.common.secret.SecretKeyring;
import io.securityexport.config.ConfigApplication;
import io.securityexport.config.ConfigProperties;
import io.securityexport.testsupport.Infrastructure;
import io.securityexport.testsupport.ServiceEnvironment;
import io.securityexport.testsupport.ShiftedClock;
import io.securityexport.testsupport.TestResources;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.flywaydb.core.Flyway;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The midnight fan-out: N small companies, each with a day of realistic events, and the config service's own
 * scheduling loop, outbox relay and result listener with 1, then 2 export workers (Spring contexts in this JVM, one
 * consumer group). Per round the services' shared clock jumps to the moment the day settles (00:00 UTC + the settle
 * delay) and the round lasts until the run history shows every company's run SUCCEEDED. Each round exports a day
 * of its own (same events, fresh keys), then checks the bucket: one file per company with header + its events.
 * Options: companies (2,000), events per company (50), rounds (3), workers ("1,2"), partitions of the job topic
 * (6; docker-compose.yml creates 12), checkInterval of the scheduling loop (1s; 15s in production), roundTimeout (30m).
 */
public final class FanOutBenchmark {

    /** Any day works; a fixed one keeps runs comparable. The service's clock starts at its noon. */
    private static final LocalDate FIRST_DAY = LocalDate.of(2026, 3, 1);

    private FanOutBenchmark() {}

    public static void main(String[] args) {
        try {
            run();
            System.exit(0);
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1); // the in-process broker's threads would keep a failed run alive
        }
    }

    /** One round with one number of workers; instants are measured from the moment midnight came. */
    record Round(
            int round,
            int workers,
            LocalDate day,
            double seconds,
            int jobs,
            double medianJobMillis,
            double p90JobMillis,
            List<Long> jobsPerWorker,
            List<Long> redeliveredPerWorker,
            Duration scheduled,
            Duration published,
            Duration firstStarted,
            Duration lastFinished) {

        double jobsPerSecond() {
            return jobs / seconds;
        }

        /** Worker time the fan-out took per job: wall time × workers / jobs. */
        double overheadMillis() {
            return seconds * 1000 * workers / jobs;
        }
    }

    private static void run() throws Exception {
        int companies = Integer.getInteger("companies", 2000);
        int events = Integer.getInteger("events", 50);
        int rounds = Integer.getInteger("rounds", 3);
        List<Integer> workerCounts = Arrays.stream(
                        System.getProperty("workers", "1,2").split(","))
                .map(String::trim)
                .map(Integer::valueOf)
                .toList();
        int jobPartitions = Integer.getInteger("partitions", 6);
        Duration roundTimeout =
                Duration.parse("PT" + System.getProperty("roundTimeout", "30m").toUpperCase());
        System.setProperty("spring.main.banner-mode", "off");
        System.setProperty("spring.main.log-startup-info", "false");

        Infrastructure infrastructure = Infrastructure.shared();
        String prefix = TestResources.uniqueName("fanout");
        String database = infrastructure.postgres().createDatabase("fanout");
        infrastructure.kafka().createTopics(jobPartitions, prefix + ".security-export-jobs");
        infrastructure.kafka().createTopics(3, prefix + ".security-export-results", prefix + ".security-events");
        FanOutData data = new FanOutData(companies, events, prefix);
        List<LocalDate> days = FIRST_DAY
                .datesUntil(FIRST_DAY.plusDays((long) rounds * workerCounts.size()))
                .toList();
        long started = System.nanoTime();
        try (Connection connection = connect(infrastructure, database)) {
            migrate(infrastructure, database);
            data.createCompanies(
                    connection,
                    infrastructure.s3(),
                    new SecretKeyring(Map.of(1, ServiceEnvironment.TEST_SECRET_KEY), 1));
            for (LocalDate day : days) {
                data.loadDay(connection, day);
            }
            new RunHistory(connection).markScheduled(FIRST_DAY.minusDays(1));
        }
        report(
                "prepared %,d companies × %d events on %d day(s) in %.0f s (not timed)",
                companies, events, days.size(), (System.nanoTime() - started) / 1e9);

        ShiftedClock clock = new ShiftedClock(FIRST_DAY.atTime(12, 0).toInstant(ZoneOffset.UTC));
        Map<String, String> env = new HashMap<>(ServiceEnvironment.variables(infrastructure, database, prefix));
        env.put("logging.level.root", "WARN");
        Map<String, String> configProperties = new HashMap<>(env);
        configProperties.put("CONFIG_PORT", "0");
        configProperties.put("spring.kafka.consumer.group-id", prefix + "-config");
        configProperties.put(
                "security-export.config.schedule.check-interval", System.getProperty("checkInterval", "1s"));
        Map<String, String> workerProperties = new HashMap<>(env);
        workerProperties.put("WORKER_PORT", "0");
        workerProperties.put("spring.kafka.consumer.group-id", prefix + "-workers");
        // config-service is on this classpath too; the worker has no Spring Security of its own
        workerProperties.put("spring.autoconfigure.exclude", ServiceEnvironment.CONFIG_SERVICE_WEB_SECURITY);

        List<Round> results = new ArrayList<>();
        try (ConfigurableApplicationContext config = ConfigApplication.builder()
                        .initializers(clock.asPrimaryBean())
                        .run(arguments(configProperties));
                Connection connection = connect(infrastructure, database)) {
            Duration settleDelay =
                    config.getBean(ConfigProperties.class).schedule().settleDelay();
            RunHistory history = new RunHistory(connection);
            DayObjects objects = new DayObjects(infrastructure.s3().client(), data);
            int next = 0;
            for (int round = 1; round <= rounds; round++) {
                for (int workers : workerCounts) {
                    LocalDate day = days.get(next++);
                    try (Workers running = Workers.start(workers, workerProperties, clock, jobPartitions)) {
                        Instant midnight = day.plusDays(1)
                                .atStartOfDay(ZoneOffset.UTC)
                                .toInstant()
                                .plus(settleDelay);
                        Round result =
                                measure(round, workers, day, midnight, clock, history, data, running, roundTimeout);
                        verify(result, history.day(day, events), objects.check(day), companies, events);
                        objects.delete(day);
                        results.add(result);
                        print(result);
                    }
                }
            }
        }
        for (int workers : workerCounts) {
            summarize(
                    workers,
                    results.stream()
                            .filter(result -> result.workers() == workers)
                            .toList(),
                    companies,
                    events);
        }
    }

    /** Midnight comes; the round ends when the history shows every company's run of the day SUCCEEDED. */
    private static Round measure(
            int round,
            int workers,
            LocalDate day,
            Instant midnight,
            ShiftedClock clock,
            RunHistory history,
            FanOutData data,
            Workers running,
            Duration timeout)
            throws Exception {
        clock.jumpTo(midnight);
        long start = System.nanoTime();
        RunHistory.Progress progress = history.progress(day);
        while (progress.succeeded() < data.companies()) {
            if (progress.failed() > 0) {
                throw new IllegalStateException(
                        progress.failed() + " run(s) of " + day + " failed: " + history.failures(day));
            }
            if (System.nanoTime() - start > timeout.toNanos()) {
                throw new IllegalStateException("round " + round + " not done after " + timeout + ": " + progress);
            }
            Thread.sleep(100); // a benchmark driver polling the run history, not a test
            progress = history.progress(day);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        RunHistory.Day runs = history.day(day, data.eventsPerCompany());
        return new Round(
                round,
                workers,
                day,
                seconds,
                runs.jobs(),
                runs.medianJobMillis(),
                runs.p90JobMillis(),
                running.jobsPerWorker(),
                running.redeliveredPerWorker(),
                Duration.between(midnight, runs.firstRequested()),
                Duration.between(midnight, runs.lastPublished()),
                Duration.between(midnight, runs.firstStarted()),
                Duration.between(midnight, runs.lastFinished()));
    }

    /** One run, one file and one export per company: nothing missed, nothing twice, every row in its file. */
    private static void verify(Round round, RunHistory.Day runs, DayObjects.Check files, int companies, int events) {
        long exports = round.jobsPerWorker().stream().mapToLong(Long::longValue).sum();
        List<String> problems = new ArrayList<>();
        if (runs.jobs() != companies || runs.companies() != companies || runs.withAllRows() != companies) {
            problems.add("run history: " + runs.jobs() + " runs of " + runs.companies() + " companies, "
                    + runs.withAllRows() + " succeeded with all rows (expected " + companies + ")");
        }
        if (exports != companies) {
            problems.add(
                    "workers exported " + exports + " times " + round.jobsPerWorker() + " for " + companies + " jobs");
        }
        if (!files.passed() || files.objects() != companies) {
            problems.add("bucket: " + files.objects() + " objects; missing " + head(files.missing()) + ", unexpected "
                    + head(files.unexpected()) + ", wrong row count " + head(files.wrongRowCount()));
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("round " + round.round() + " with " + round.workers() + " worker(s): "
                    + String.join("; ", problems));
        }
        report(
                "round %d, %d worker(s): checked %,d files (header + %d rows each), %,d runs, %,d exports: OK",
                round.round(), round.workers(), files.objects(), events, runs.jobs(), exports);
    }

    private static void print(Round round) {
        report(
                "round %d, %d worker(s), day %s: %.1f s, %.1f jobs/s, %.1f ms per job (wall × workers / jobs), job"
                        + " median %.0f ms (p90 %.0f), jobs per worker %s (delivered again, not re-exported: %s); after"
                        + " midnight: scheduled %.1f s, all published %.1f s, first started %.1f s, last finished %.1f s",
                round.round(),
                round.workers(),
                round.day(),
                round.seconds(),
                round.jobsPerSecond(),
                round.overheadMillis(),
                round.medianJobMillis(),
                round.p90JobMillis(),
                round.jobsPerWorker(),
                round.redeliveredPerWorker(),
                seconds(round.scheduled()),
                seconds(round.published()),
                seconds(round.firstStarted()),
                seconds(round.lastFinished()));
    }

    private static void summarize(int workers, List<Round> rounds, int companies, int events) {
        report(
                "RESULT companies=%,d events=%d workers=%d rounds=%d: median %.1f s, %.1f jobs/s, %.1f ms per job"
                        + " (wall × workers / jobs), median job duration %.0f ms",
                companies,
                events,
                workers,
                rounds.size(),
                median(rounds, Round::seconds),
                median(rounds, Round::jobsPerSecond),
                median(rounds, Round::overheadMillis),
                median(rounds, Round::medianJobMillis));
    }

    private static void migrate(Infrastructure infrastructure, String database) {
        // the config service would migrate its schema itself, but the companies are written before it starts
        for (String schema : List.of("ingest", "config")) {
            Flyway.configure()
                    .dataSource(
                            infrastructure.postgres().jdbcUrl(database),
                            infrastructure.postgres().username(),
                            infrastructure.postgres().password())
                    .schemas(schema)
                    .defaultSchema(schema)
                    .locations("classpath:db/migration/" + schema)
                    .load()
                    .migrate();
        }
    }

    private static Connection connect(Infrastructure infrastructure, String database) throws SQLException {
        return DriverManager.getConnection(
                infrastructure.postgres().jdbcUrl(database),
                infrastructure.postgres().username(),
                infrastructure.postgres().password());
    }

    private static String[] arguments(Map<String, String> properties) {
        return properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
    }

    private static List<String> head(List<String> values) {
        return values.subList(0, Math.min(5, values.size()));
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private static <T> double median(List<T> values, ToDoubleFunction<T> figure) {
        double[] sorted = values.stream().mapToDouble(figure).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static void report(String format, Object... args) {
        System.out.println("[fanout-benchmark] " + String.format(format, args));
    }
}

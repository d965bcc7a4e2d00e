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
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.flywaydb.core.Flyway;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The midnight fan-out: N small companies, each with a day of realistic events, optionally one giant company with
 * millions of rows that day, and the config service's own scheduling loop, outbox relay and result listener with 1, 2
 * or more export workers (Spring contexts in this JVM) consuming the job topic through a share group or a consumer
 * group. All the data is one day, loaded once; every round makes that day's midnight happen again (its runs and its
 * "scheduled" mark deleted, the clock already past its settle time), so the next scheduling round creates every
 * enabled company's run anew. A round lasts until the run history shows every run SUCCEEDED, then the bucket is
 * checked (one file per company with header + its events) and emptied.
 *
 * <p>Options: companies (2,000), events per small company (50), giant (rows of the giant's day; 0, the default, runs
 * without one; otherwise each configuration runs with and without it), consumption ("share"; "group,share" compares),
 * workers ("1,2"), history (true: the day before delivered, so the scheduler sends the smallest days first; false:
 * no history, jobs in no particular order), rounds (3), partitions of the job topic (12, as docker-compose.yml creates), checkInterval of the
 * scheduling loop (1s; 15s in production), roundTimeout (30m).
 */
public final class FanOutBenchmark {

    /** Any day works; a fixed one keeps runs comparable. */
    private static final LocalDate DAY = LocalDate.of(2026, 3, 1);

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

    /**
     * One round of one configuration; durations are measured from the moment the round's midnight came (on the
     * services' clock).
     *
     * @param smallSeconds until the last small company's file was written
     * @param seconds until the last file of all (the giant's, when it runs) was written
     */
    record Round(
            int round,
            String consumption,
            int workers,
            boolean giant,
            double smallSeconds,
            double seconds,
            int jobs,
            int smallJobs,
            double medianJobMillis,
            double p90JobMillis,
            Workers.Counts counts,
            Duration published,
            Duration firstStarted) {

        /** Small jobs per second, until the last small file. */
        double jobsPerSecond() {
            return smallJobs / smallSeconds;
        }

        /** Worker time the small companies took per job: wall time until the last small file × workers / jobs. */
        double overheadMillis() {
            return smallSeconds * 1000 * workers / smallJobs;
        }

        String configuration() {
            return consumption + ", " + workers + " worker(s)" + (giant ? ", with the giant" : "");
        }
    }

    private static void run() throws Exception {
        int companies = Integer.getInteger("companies", 2000);
        int events = Integer.getInteger("events", 50);
        int giantRows = Integer.getInteger("giant", 0);
        int rounds = Integer.getInteger("rounds", 3);
        List<Integer> workerCounts =
                list("workers", "1,2").stream().map(Integer::valueOf).toList();
        List<String> consumptions = list("consumption", "share");
        List<Boolean> giantChoices = giantRows > 0 ? List.of(false, true) : List.of(false);
        int jobPartitions = Integer.getInteger("partitions", 12);
        // with the day before in the run history the scheduler knows every company's size and sends the smallest
        // first; without it (-Dhistory=false) the jobs go out in no particular order, as before that ordering existed
        boolean withHistory = Boolean.parseBoolean(System.getProperty("history", "true"));
        Duration roundTimeout =
                Duration.parse("PT" + System.getProperty("roundTimeout", "30m").toUpperCase());
        System.setProperty("spring.main.banner-mode", "off");
        System.setProperty("spring.main.log-startup-info", "false");

        Infrastructure infrastructure = Infrastructure.shared();
        String prefix = TestResources.uniqueName("fanout");
        String jobTopic = prefix + ".security-export-jobs";
        String database = infrastructure.postgres().createDatabase("fanout");
        infrastructure.kafka().createTopics(jobPartitions, jobTopic);
        infrastructure.kafka().createTopics(3, prefix + ".security-export-results", prefix + ".security-events");
        FanOutData data = new FanOutData(companies, events, prefix);
        long started = System.nanoTime();
        try (Connection connection = connect(infrastructure, database)) {
            migrate(infrastructure, database);
            data.createCompanies(
                    connection,
                    infrastructure.s3(),
                    new SecretKeyring(Map.of(1, ServiceEnvironment.TEST_SECRET_KEY), 1));
            data.loadDay(connection, DAY);
            if (giantRows > 0) {
                data.loadGiant(connection, DAY, giantRows);
            }
            RunHistory runs = new RunHistory(connection);
            if (withHistory) {
                runs.delivered(DAY.minusDays(1), events, giantRows);
            }
            runs.markScheduled(DAY);
        }
        report(
                "prepared %,d companies × %d events%s on %s in %.0f s (not timed); %s",
                companies,
                events,
                giantRows > 0 ? " and a giant of %,d rows".formatted(giantRows) : "",
                DAY,
                (System.nanoTime() - started) / 1e9,
                withHistory
                        ? "the day before delivered: jobs go out smallest first"
                        : "no history: jobs go out in no particular order");

        ShiftedClock clock = new ShiftedClock(DAY.atTime(12, 0).toInstant(ZoneOffset.UTC));
        Map<String, String> env = new HashMap<>(ServiceEnvironment.variables(infrastructure, database, prefix));
        env.put("logging.level.root", "WARN");
        Map<String, String> configProperties = new HashMap<>(env);
        configProperties.put("CONFIG_PORT", "0");
        configProperties.put("spring.kafka.consumer.group-id", prefix + "-config");
        configProperties.put(
                "security-export.config.schedule.check-interval", System.getProperty("checkInterval", "1s"));
        Map<String, String> workerProperties = new HashMap<>(env);
        workerProperties.put("WORKER_PORT", "0");
        // config-service is on this classpath too; the worker has no Spring Security of its own
        workerProperties.put("spring.autoconfigure.exclude", ServiceEnvironment.CONFIG_SERVICE_WEB_SECURITY);

        List<Round> results = new ArrayList<>();
        try (ConfigurableApplicationContext config = ConfigApplication.builder()
                        .initializers(clock.asPrimaryBean())
                        .run(arguments(configProperties));
                Connection connection = connect(infrastructure, database);
                JobTopic topic = new JobTopic(infrastructure.kafka().bootstrapServers(), jobTopic)) {
            Duration settleDelay =
                    config.getBean(ConfigProperties.class).schedule().settleDelay();
            clock.jumpTo(
                    DAY.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().plus(settleDelay));
            RunHistory history = new RunHistory(connection);
            DayObjects objects = new DayObjects(infrastructure.s3().client(), data);
            int configuration = 0;
            for (int round = 1; round <= rounds; round++) {
                for (String consumption : consumptions) {
                    for (int workers : workerCounts) {
                        // an empty job topic and groups of their own: no earlier configuration's job reaches them
                        topic.empty();
                        String groupId = "%s-workers-%d".formatted(prefix, ++configuration);
                        try (Workers running =
                                Workers.start(workers, consumption, groupId, workerProperties, clock, jobPartitions)) {
                            // alternate which goes first, so that neither always meets a warmer JVM
                            List<Boolean> order = round % 2 == 1 ? giantChoices : reversed(giantChoices);
                            for (boolean giant : order) {
                                Round result = measure(
                                        round,
                                        consumption,
                                        workers,
                                        giant,
                                        clock,
                                        history,
                                        data,
                                        running,
                                        roundTimeout);
                                verify(
                                        result,
                                        history.day(DAY, events),
                                        objects.check(DAY, giant),
                                        companies,
                                        events,
                                        giantRows);
                                objects.delete(DAY);
                                results.add(result);
                                print(result);
                            }
                        }
                    }
                }
            }
        }
        summarize(results, consumptions, workerCounts, giantChoices, companies, events, giantRows);
    }

    /** Midnight comes again; the round ends when the history shows every enabled company's run SUCCEEDED. */
    private static Round measure(
            int round,
            String consumption,
            int workers,
            boolean giant,
            ShiftedClock clock,
            RunHistory history,
            FanOutData data,
            Workers running,
            Duration timeout)
            throws Exception {
        Workers.Counts before = running.counts();
        List<String> enabled = new ArrayList<>(data.companyIds().toList());
        if (giant) {
            enabled.add(FanOutData.GIANT);
        }
        history.rerun(DAY, enabled);
        Instant midnight = clock.instant();
        awaitSucceeded(history, enabled.size(), "round " + round, timeout);
        RunHistory.Day runs = history.day(DAY, data.eventsPerCompany());
        return new Round(
                round,
                consumption,
                workers,
                giant,
                seconds(Duration.between(midnight, runs.lastSmallFinished())),
                seconds(Duration.between(midnight, runs.lastFinished())),
                runs.jobs(),
                data.companies(),
                runs.medianJobMillis(),
                runs.p90JobMillis(),
                running.counts().since(before),
                Duration.between(midnight, runs.lastPublished()),
                Duration.between(midnight, runs.firstStarted()));
    }

    /**
     * A fresh set of workers first exports a tenth of the small companies (at most 200), untimed: the share group's
     * first fetches (its partitions' state is set up then), the consumers' first assignment, connection pools, the S3
     * client cache and the JIT are not what a midnight of long-running workers pays.
     */
    private static void warmUp(
            Workers running, RunHistory history, FanOutData data, DayObjects objects, Duration timeout)
            throws Exception {
        List<String> few = data.companyIds()
                .limit(Math.max(1, Math.min(200, data.companies() / 10)))
                .toList();
        history.rerun(DAY, few);
        awaitSucceeded(history, few.size(), "warm-up", timeout);
        objects.delete(DAY);
    }

    private static void awaitSucceeded(RunHistory history, int expected, String what, Duration timeout)
            throws Exception {
        long start = System.nanoTime();
        RunHistory.Progress progress = history.progress(DAY);
        while (progress.succeeded() < expected) {
            if (progress.failed() > 0) {
                throw new IllegalStateException(
                        progress.failed() + " run(s) of " + DAY + " failed: " + history.failures(DAY));
            }
            if (System.nanoTime() - start > timeout.toNanos()) {
                throw new IllegalStateException(what + " not done after " + timeout + ": " + progress);
            }
            Thread.sleep(100); // a benchmark driver polling the run history, not a test
            progress = history.progress(DAY);
        }
    }

    /** One run, one file and one export per company: nothing missed, nothing twice, every row in its file. */
    private static void verify(
            Round round, RunHistory.Day runs, DayObjects.Check files, int companies, int events, int giantRows) {
        int expected = companies + (round.giant() ? 1 : 0);
        long exports = round.counts().jobs().stream().mapToLong(Long::longValue).sum();
        List<String> problems = new ArrayList<>();
        if (runs.jobs() != expected || runs.companies() != expected || runs.withAllRows() != companies) {
            problems.add("run history: " + runs.jobs() + " runs of " + runs.companies() + " companies, "
                    + runs.withAllRows() + " small ones succeeded with all rows (expected " + expected + " and "
                    + companies + ")");
        }
        if (runs.giantRows() != (round.giant() ? giantRows : -1)) {
            problems.add("the giant's run has " + runs.giantRows() + " rows");
        }
        if (exports != expected) {
            problems.add(
                    "workers exported " + exports + " times " + round.counts().jobs() + " for " + expected + " jobs");
        }
        if (!files.passed() || files.objects() != expected) {
            problems.add("bucket: " + files.objects() + " objects; missing " + head(files.missing()) + ", unexpected "
                    + head(files.unexpected()) + ", wrong row count " + head(files.wrongRowCount()));
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(
                    "round " + round.round() + ", " + round.configuration() + ": " + String.join("; ", problems));
        }
        report(
                "round %d, %s: checked %,d files, %,d runs, %,d exports: OK",
                round.round(), round.configuration(), files.objects(), runs.jobs(), exports);
    }

    private static void print(Round round) {
        report(
                "round %d, %s: last small file %.1f s, last file %.1f s; %.1f small jobs/s, %.1f ms per small job"
                        + " (wall × workers / jobs), small job median %.0f ms (p90 %.0f), exports per worker %s"
                        + " (delivered again, not re-exported: %s); after midnight: all published %.1f s, first"
                        + " started %.1f s",
                round.round(),
                round.configuration(),
                round.smallSeconds(),
                round.seconds(),
                round.jobsPerSecond(),
                round.overheadMillis(),
                round.medianJobMillis(),
                round.p90JobMillis(),
                round.counts().jobs(),
                round.counts().redelivered(),
                seconds(round.published()),
                seconds(round.firstStarted()));
    }

    /** Medians per configuration, then (with a giant) the table of the issue: small companies with / without it. */
    private static void summarize(
            List<Round> results,
            List<String> consumptions,
            List<Integer> workerCounts,
            List<Boolean> giantChoices,
            int companies,
            int events,
            int giantRows) {
        for (String consumption : consumptions) {
            for (int workers : workerCounts) {
                for (boolean giant : giantChoices) {
                    List<Round> rounds = select(results, consumption, workers, giant);
                    report(
                            "RESULT companies=%,d events=%d giant=%s consumption=%s workers=%d rounds=%d: median last"
                                    + " small file %.1f s, last file %.1f s, %.1f small jobs/s, %.1f ms per small job"
                                    + " (wall × workers / jobs), median small job %.0f ms",
                            companies,
                            events,
                            giant ? "%,d".formatted(giantRows) : "none",
                            consumption,
                            workers,
                            rounds.size(),
                            median(rounds, Round::smallSeconds),
                            median(rounds, Round::seconds),
                            median(rounds, Round::jobsPerSecond),
                            median(rounds, Round::overheadMillis),
                            median(rounds, Round::medianJobMillis));
                }
            }
        }
        if (giantChoices.size() < 2) {
            return;
        }
        report("| consumption | workers | small companies, no giant | small companies, with the giant | ratio"
                + " | all files, with the giant | rounds' ratios |");
        report("|---|---|---|---|---|---|---|");
        for (String consumption : consumptions) {
            for (int workers : workerCounts) {
                List<Round> without = select(results, consumption, workers, false);
                List<Round> with = select(results, consumption, workers, true);
                List<String> ratios = new ArrayList<>();
                for (int i = 0; i < Math.min(without.size(), with.size()); i++) {
                    ratios.add("%.2f"
                            .formatted(
                                    with.get(i).smallSeconds() / without.get(i).smallSeconds()));
                }
                report(
                        "| %s | %d | %.1f s | %.1f s | **%.2f** | %.1f s | %s |",
                        consumption,
                        workers,
                        median(without, Round::smallSeconds),
                        median(with, Round::smallSeconds),
                        median(with, Round::smallSeconds) / median(without, Round::smallSeconds),
                        median(with, Round::seconds),
                        String.join(", ", ratios));
            }
        }
    }

    private static List<Round> select(List<Round> results, String consumption, int workers, boolean giant) {
        return results.stream()
                .filter(round ->
                        round.consumption().equals(consumption) && round.workers() == workers && round.giant() == giant)
                .toList();
    }

    private static List<String> list(String property, String defaults) {
        return Arrays.stream(System.getProperty(property, defaults).split(","))
                .map(String::trim)
                .filter(value -> !value.isEmpty())
                .toList();
    }

    private static <T> List<T> reversed(List<T> values) {
        List<T> copy = new ArrayList<>(values);
        Collections.reverse(copy);
        return copy;
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

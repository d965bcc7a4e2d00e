package io.securityexport.benchmarks.soak;

import io.securityexport.benchmarks.soak.Midnights.Company;
import io.securityexport.localstack.RunningServices;
import io.securityexport.localstack.StackSettings;
import io.securityexport.localstack.StackTopics;
import io.securityexport.testsupport.AccessKey;
import io.securityexport.testsupport.Infrastructure;
import io.securityexport.testsupport.RestartablePostgres;
import io.securityexport.testsupport.S3ConnectionFaults;
import io.securityexport.testsupport.S3Server;
import io.securityexport.testsupport.ServiceEnvironment;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The soak: the whole pipeline — ingest, two config-service replicas, two export workers, each a process of its
 * own, a Kafka broker process, PostgreSQL and the S3 server behind the fault proxy — run for minutes under steady
 * traffic while processes are killed, PostgreSQL and Kafka restarted, S3 answers faulted and several midnights
 * pass; then everything is brought back, the last midnight settles, and {@link Reconciliation} checks every file
 * against what was sent. {@code benchmarks/run soak -Dminutes=10}; the short version runs in the test suite.
 */
public final class Soak {

    private static final Logger log = LoggerFactory.getLogger(Soak.class);
    private static final Duration READY_WITHIN = Duration.ofMinutes(3);
    private static final int MIDNIGHTS_UNDER_FIRE = 2;

    private final SoakSettings settings;
    private final Path directory;

    Soak(SoakSettings settings, Path directory) {
        this.settings = settings;
        this.directory = directory;
    }

    public static void main(String[] args) throws Exception {
        Infrastructure.preferEmbedded();
        // Ctrl-C or a kill of the harness: its service and broker processes go with it
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> ProcessHandle.current()
                        .descendants()
                        .filter(process -> process.info().command().orElse("").endsWith("java"))
                        .forEach(ProcessHandle::destroyForcibly)));
        Path directory =
                Path.of("target", "soak-" + Instant.now().toEpochMilli()).toAbsolutePath();
        SoakResult result = new Soak(SoakSettings.fromSystemProperties(), directory).run();
        result.print(System.out);
        Infrastructure.shared().stop(); // before the JVM's hooks, which would stop its in-process broker mid-write
        System.exit(result.failures().isEmpty() ? 0 : 1);
    }

    /** The figures, and what did not hold (empty when everything did). */
    record SoakResult(String figures, Map<String, Long> counts, List<String> failures) {

        void print(PrintStream out) {
            out.println(figures);
            if (failures.isEmpty()) {
                out.println("SOAK PASSED: nothing lost, nothing duplicated, nothing partial");
            } else {
                out.println("SOAK FAILED: " + failures.size() + " mismatch(es)");
                failures.forEach(failure -> out.println("  - " + failure));
            }
        }
    }

    SoakResult run() throws Exception {
        Files.createDirectories(directory);
        Instant begun = Instant.now();
        Infrastructure infrastructure = Infrastructure.shared();
        // what runs before the soak starts anything (the shared PostgreSQL of the embedded infrastructure)
        java.util.Set<Long> before =
                ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
        List<String> failures = new ArrayList<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        String figures;
        try (RestartablePostgres postgres = infrastructure.restartablePostgres();
                S3ConnectionFaults faults =
                        S3ConnectionFaults.inFrontOf(infrastructure.s3().endpoint())) {
            KafkaProcess kafka = KafkaProcess.format(directory.resolve("kafka"), freePorts(2));
            List<ServiceProcess> services = List.of();
            try {
                Fixture fixture = new Fixture(infrastructure, postgres, faults, kafka);
                services = fixture.services;
                figures = soak(fixture, begun, failures, counts);
            } finally {
                services.forEach(ServiceProcess::stop);
                kafka.stop();
            }
        }
        List<ProcessHandle> left = ProcessHandle.current()
                .descendants()
                .filter(handle -> handle.isAlive() && !before.contains(handle.pid()))
                .toList();
        if (!left.isEmpty()) {
            failures.add("processes of the harness left running: "
                    + left.stream()
                            .map(handle ->
                                    handle.pid() + " " + handle.info().command().orElse("?"))
                            .toList());
        }
        counts.put("processes left running", (long) left.size());
        return new SoakResult(
                figures + "\nprocesses left running: " + left.size(), Map.copyOf(counts), List.copyOf(failures));
    }

    /** Everything the soak runs on, started: the topics, the shared clock, the five service processes. */
    private final class Fixture {
        final S3Server s3;
        final RestartablePostgres postgres;
        final S3ConnectionFaults faults;
        final KafkaProcess kafka;
        final String database;
        final StackTopics topics = StackTopics.defaults();
        final Path clockFile = directory.resolve("clock");
        final SharedClock clock;
        final List<ServiceProcess> services;

        Fixture(
                Infrastructure infrastructure,
                RestartablePostgres postgres,
                S3ConnectionFaults faults,
                KafkaProcess kafka) {
            this.s3 = infrastructure.s3();
            this.postgres = postgres;
            this.faults = faults;
            this.kafka = kafka;
            this.database = postgres.createDatabase("soak");
            createTopics(kafka.bootstrapServers(), topics);
            // today, 23:00: the first midnight comes when Midnights moves the clock on
            SharedClock.jumpTo(
                    clockFile,
                    java.time.LocalDate.now(ZoneOffset.UTC).atTime(23, 0).toInstant(ZoneOffset.UTC));
            this.clock = new SharedClock(clockFile);
            StackSettings stack = new StackSettings(
                    postgres.host(),
                    postgres.port(),
                    database,
                    postgres.username(),
                    postgres.password(),
                    kafka.bootstrapServers(),
                    topics,
                    "soak",
                    faults.endpoint(),
                    infrastructure.sts().endpoint(),
                    infrastructure.sts().platformKey().accessKeyId(),
                    infrastructure.sts().platformKey().secretAccessKey(),
                    infrastructure.sts().platformAccountId(),
                    SECRET_KEY,
                    0,
                    0,
                    0);
            this.services = processes(stack, s3.endpoint(), clockFile);
        }

        Connection connect() {
            try {
                return postgres.connect(database);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private String soak(Fixture fixture, Instant begun, List<String> failures, Map<String, Long> counts)
            throws Exception {
        List<ServiceProcess> services = fixture.services;
        List<ServiceProcess> configs = ofKind(services, "config");
        // all at once: Flyway's lock lets one config replica migrate while the other waits, and the others wait
        // for the schema as they would in a deployment
        services.forEach(ServiceProcess::start);
        for (ServiceProcess service : services) {
            service.awaitReady(READY_WITHIN);
        }
        log.info(
                "soak: {} service processes ready after {} s",
                services.size(),
                Duration.between(begun, Instant.now()).toSeconds());
        String region = fixture.s3.region();
        Map<String, Company> companies = companies(fixture.s3);
        SettingsApi api = new SettingsApi(configs);
        companies.values().parallelStream()
                .forEach(company -> api.save(company.id, company.settingsJson(region), false));
        log.info("soak: {} companies configured through the API", companies.size());

        fixture.faults.atRandom(settings.faultRate(), settings.seed());
        Chaos chaos = new Chaos(settings, services, fixture.postgres, fixture.kafka);
        Midnights midnights =
                new Midnights(fixture.clock, fixture.clockFile, fixture::connect, api, companies, chaos, settings);
        SoakLedger ledger;
        String figures;
        long s3Faults;
        try (Traffic traffic = new Traffic(
                fixture.kafka.bootstrapServers(),
                settings,
                List.copyOf(companies.keySet()),
                fixture.clock,
                fixture.topics.events(),
                fixture.topics.dashboardUsers())) {
            Instant soakStart = Instant.now();
            traffic.start();
            chaos.start();
            Instant end = soakStart.plus(settings.duration());
            // however long each midnight takes, at least two pass under fire before the last one settles
            while (Instant.now().isBefore(end) || midnights.days.size() < MIDNIGHTS_UNDER_FIRE) {
                Instant nextCycle = Instant.now().plus(settings.cycle());
                midnights.midnight(true, true, region);
                while (Instant.now().isBefore(nextCycle) && Instant.now().isBefore(end)) {
                    pause(Duration.ofMillis(500));
                }
            }
            Duration soaked = Duration.between(soakStart, Instant.now());

            // everything back: no more kills or faults, every process running, every broken credential fixed
            chaos.stop();
            Map<S3ConnectionFaults.Fault, Long> randomFaults = fixture.faults.injected();
            long s3Requests = fixture.faults.requests();
            s3Faults = randomFaults.values().stream().mapToLong(Long::longValue).sum();
            fixture.faults.clear();
            fixture.postgres.start();
            for (ServiceProcess service : services) {
                service.ensureRunning(READY_WITHIN);
            }
            for (Company company : companies.values()) {
                if (company.broken) {
                    company.broken = false;
                    api.save(company.id, company.settingsJson(region), false);
                }
            }
            traffic.finish();
            Duration caughtUp = awaitIngestCaughtUp(
                    fixture.kafka.bootstrapServers(), fixture.topics.events(), Duration.ofMinutes(3));
            Instant settling = Instant.now();
            midnights.midnight(false, false, region);
            Duration allDelivered = midnights.awaitAllSucceeded(Duration.ofMinutes(5));
            Duration settled = Duration.between(settling, Instant.now());
            ledger = new SoakLedger(
                    Map.copyOf(traffic.events),
                    java.util.Set.copyOf(traffic.malformed),
                    companies.values().stream()
                            .collect(Collectors.toMap(company -> company.id, company -> company.bucket)),
                    java.util.Set.copyOf(midnights.enabledDays),
                    java.util.Set.copyOf(midnights.disabledDays));
            figures = figures(
                    soaked,
                    traffic,
                    chaos,
                    services,
                    midnights,
                    randomFaults,
                    s3Requests,
                    caughtUp,
                    settled,
                    allDelivered);
        }
        services.forEach(ServiceProcess::stop);
        ReconciliationReport report = new Reconciliation(
                        fixture.s3.client(),
                        fixture.postgres.jdbcUrl(fixture.database),
                        fixture.postgres.username(),
                        fixture.postgres.password(),
                        fixture.kafka.bootstrapServers(),
                        fixture.topics.deadLetter())
                .check(ledger);
        failures.addAll(report.failures());
        counts.put("events", (long) ledger.events().size());
        counts.put("malformed", (long) ledger.malformed().size());
        counts.put("midnights", (long) midnights.days.size());
        counts.put("switched-off days", (long) ledger.disabledDays().size());
        counts.put(
                "changes",
                midnights.changes.values().stream()
                        .mapToLong(Integer::longValue)
                        .sum());
        counts.put(
                "kills",
                services.stream()
                        .mapToLong(service -> chaos.killCount(service.name()))
                        .sum());
        counts.put("postgres restarts", (long) chaos.postgresRecoveries.size());
        counts.put("kafka restarts", (long) chaos.kafkaRecoveries.size());
        counts.put("s3 faults", s3Faults);
        counts.put("rows", report.figures().rows());
        counts.put("events found", report.figures().eventsFound());
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        report.print(new PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        return figures + "\n" + printed.toString(java.nio.charset.StandardCharsets.UTF_8) + errorLines(services);
    }

    /** The soak's own AES key for sealing the companies' secrets, new for every run. */
    private static final String SECRET_KEY =
            java.util.Base64.getEncoder().encodeToString(new java.security.SecureRandom().generateSeed(32));

    private List<ServiceProcess> processes(StackSettings stack, java.net.URI directS3, Path clockFile) {
        Map<String, String> shared = RunningServices.sharedEnvironment(stack);
        Path logs = directory.resolve("logs");
        int[] ports = {freePorts(1), freePorts(1), freePorts(1), freePorts(1), freePorts(1)};
        Map<String, String> ingest = new HashMap<>(shared);
        ingest.put("INGEST_PORT", Integer.toString(ports[0]));
        ingest.put("spring.kafka.consumer.group-id", "soak-ingest");
        ingest.put("spring.autoconfigure.exclude", ServiceEnvironment.CONFIG_SERVICE_WEB_SECURITY);
        ingest.put("security-export.ingest.statement-timeout", Midnights.INGEST_STATEMENT_TIMEOUT.toSeconds() + "s");
        List<ServiceProcess> processes = new ArrayList<>();
        processes.add(new ServiceProcess("ingest", "ingest", ports[0], ingest, clockFile, logs));
        for (int replica = 1; replica <= 2; replica++) {
            Map<String, String> config = new HashMap<>(shared);
            config.put("CONFIG_PORT", Integer.toString(ports[replica]));
            // Test Credentials straight to S3: WireMock's proxying breaks the SDK's signed PutObject probe
            // (SignatureDoesNotMatch); the faults are for the workers' exports
            config.put("S3_ENDPOINT", directS3.toString());
            config.put("spring.kafka.consumer.group-id", "soak-config");
            // a day is scheduled 15 s after its midnight (above ingest's 8 s statement timeout), looked for every
            // 2 s; a failed day is retried after 10, 20, then every 30 s, so the soak's days settle within it
            config.put("security-export.config.schedule.settle-delay", Midnights.SETTLE.toSeconds() + "s");
            config.put("security-export.config.schedule.check-interval", "2s");
            config.put("security-export.config.schedule.retry-backoff", "10s,20s,30s");
            processes.add(new ServiceProcess("config-" + replica, "config", ports[replica], config, clockFile, logs));
        }
        for (int worker = 1; worker <= 2; worker++) {
            Map<String, String> properties = new HashMap<>(RunningServices.exportWorkerProperties(stack));
            properties.put("WORKER_PORT", Integer.toString(ports[2 + worker]));
            properties.put("spring.kafka.consumer.group-id", "soak-workers");
            properties.put("security-export.worker.share.group-id", "soak-worker-slots");
            processes.add(
                    new ServiceProcess("worker-" + worker, "worker", ports[2 + worker], properties, clockFile, logs));
        }
        return List.copyOf(processes);
    }

    /** Each company with its own bucket and its own S3 user (the S3 server checks every request's signature). */
    private Map<String, Company> companies(S3Server s3) {
        Map<String, Company> companies = new LinkedHashMap<>();
        for (int index = 0; index < settings.companies(); index++) {
            String id = "soak-co-%03d".formatted(index);
            String bucket = "soak-bucket-%03d".formatted(index);
            s3.createBucket(bucket);
            AccessKey key = s3.createUser(id);
            companies.put(id, new Company(id, bucket, key.accessKeyId(), key.secretAccessKey()));
        }
        return companies;
    }

    private static void createTopics(String bootstrapServers, StackTopics topics) {
        try (Admin admin = admin(bootstrapServers)) {
            admin.createTopics(List.of(
                            new NewTopic(topics.events(), 6, (short) 1),
                            new NewTopic(topics.deadLetter(), 1, (short) 1),
                            new NewTopic(topics.dashboardUsers(), 3, (short) 1)
                                    .configs(Map.of("cleanup.policy", "compact")),
                            new NewTopic(topics.dashboardUsersDeadLetter(), 1, (short) 1),
                            // one partition keeps a midnight's smallest-first order (see README)
                            new NewTopic(topics.exportJobs(), 1, (short) 1),
                            new NewTopic(topics.exportResults(), 3, (short) 1)))
                    .all()
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException("creating the soak's topics", e);
        }
    }

    /** Until the ingest service's committed offsets reach the end of every partition of the events topic. */
    private static Duration awaitIngestCaughtUp(String bootstrapServers, String topic, Duration within) {
        Instant start = Instant.now();
        Instant deadline = start.plus(within);
        String last = "";
        try (Admin admin = admin(bootstrapServers)) {
            while (Instant.now().isBefore(deadline)) {
                try {
                    Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed =
                            admin.listConsumerGroupOffsets("soak-ingest")
                                    .partitionsToOffsetAndMetadata()
                                    .get();
                    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                    for (int partition = 0; partition < 6; partition++) {
                        latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
                    }
                    long lag = 0;
                    for (var end : admin.listOffsets(latest).all().get().entrySet()) {
                        var done = committed.get(end.getKey());
                        lag += end.getValue().offset() - (done == null ? 0 : done.offset());
                    }
                    last = "lag " + lag;
                    if (lag == 0) {
                        return Duration.between(start, Instant.now());
                    }
                } catch (Exception e) {
                    last = e.toString();
                }
                pause(Duration.ofMillis(500));
            }
        }
        throw new IllegalStateException("ingest has not caught up within " + within + ": " + last);
    }

    private String figures(
            Duration soaked,
            Traffic traffic,
            Chaos chaos,
            List<ServiceProcess> services,
            Midnights midnights,
            Map<S3ConnectionFaults.Fault, Long> randomFaults,
            long s3Requests,
            Duration caughtUp,
            Duration settled,
            Duration allDelivered) {
        StringBuilder out = new StringBuilder();
        out.append("soak of %d s: %d companies, %d midnight(s) %s%n"
                .formatted(soaked.toSeconds(), settings.companies(), midnights.days.size(), midnights.days));
        out.append(
                "events: %d valid sent, %d sent again (same ID), %d malformed, %d re-sent after a broker refusal, %d dashboard-user changes%n"
                        .formatted(
                                traffic.events.size(),
                                traffic.duplicatesSent.get(),
                                traffic.malformed.size(),
                                traffic.resends.get(),
                                traffic.userChanges.get()));
        List<Duration> recoveries = new ArrayList<>();
        for (ServiceProcess service : services) {
            recoveries.addAll(service.recoveries());
            out.append("%s: killed %d time(s), ready again after %s%n"
                    .formatted(service.name(), chaos.killCount(service.name()), seconds(service.recoveries())));
        }
        out.append("recovery after a kill (SIGKILL until ready): p50 %s s, max %s s over %d kill(s)%n"
                .formatted(percentile(recoveries, 0.5), percentile(recoveries, 1.0), recoveries.size()));
        out.append("PostgreSQL restarted %d time(s), down %s; Kafka broker killed and restarted %d time(s), down %s%n"
                .formatted(
                        chaos.postgresRecoveries.size(),
                        seconds(chaos.postgresRecoveries),
                        chaos.kafkaRecoveries.size(),
                        seconds(chaos.kafkaRecoveries)));
        out.append("S3: %d requests from the workers, %d met a fault at random (rate %.3f): %s%n"
                .formatted(
                        s3Requests,
                        randomFaults.values().stream()
                                .mapToLong(Long::longValue)
                                .sum(),
                        settings.faultRate(),
                        new java.util.TreeMap<>(randomFaults)));
        out.append("settings changed by admins: %s%n".formatted(midnights.changes));
        out.append("company-days: %d enabled (must be delivered), %d switched off (must have no file)%n"
                .formatted(midnights.enabledDays.size(), midnights.disabledDays.size()));
        out.append(
                "after the soak: ingest caught up in %d s; last midnight settled and every day delivered in %d s (%d s waiting for the last runs)%n"
                        .formatted(caughtUp.toSeconds(), settled.toSeconds(), allDelivered.toSeconds()));
        return out.toString();
    }

    private static String errorLines(List<ServiceProcess> services) {
        StringBuilder out = new StringBuilder("ERROR lines in the services' logs:");
        for (ServiceProcess service : services) {
            try (var lines = Files.lines(service.log())) {
                out.append(" %s %d"
                        .formatted(
                                service.name(),
                                lines.filter(line -> line.contains(" ERROR ")).count()));
            } catch (IOException | UncheckedIOException e) {
                out.append(" %s ?".formatted(service.name()));
            }
        }
        return out.append(" (logs in ")
                .append(services.get(0).log().getParent())
                .append(')')
                .toString();
    }

    private static String seconds(List<Duration> durations) {
        return durations.stream()
                .map(duration -> "%.1f s".formatted(duration.toMillis() / 1000.0))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static String percentile(List<Duration> durations, double quantile) {
        if (durations.isEmpty()) {
            return "-";
        }
        List<Duration> sorted = durations.stream().sorted().toList();
        int index = (int) Math.ceil(quantile * sorted.size()) - 1;
        return "%.1f".formatted(sorted.get(Math.max(0, index)).toMillis() / 1000.0);
    }

    private static List<ServiceProcess> ofKind(List<ServiceProcess> services, String kind) {
        return services.stream().filter(service -> service.kind().equals(kind)).toList();
    }

    private static Admin admin(String bootstrapServers) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                10_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                8_000));
    }

    /** A free port, or the first of {@code count} consecutive free ones. */
    static int freePorts(int count) {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket first = new ServerSocket(0)) {
                int port = first.getLocalPort();
                if (port + count > 65535) {
                    continue;
                }
                boolean free = true;
                for (int next = 1; next < count && free; next++) {
                    try (ServerSocket ignored = new ServerSocket(port + next)) {
                        free = true;
                    } catch (IOException taken) {
                        free = false;
                    }
                }
                if (free) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free ports");
    }

    /** Waits (harness pacing, not a test's wait for a condition). */
    static void pause(Duration duration) {
        if (!duration.isNegative() && !duration.isZero()) {
            LockSupport.parkNanos(duration.toNanos());
        }
    }
}

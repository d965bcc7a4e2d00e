package io.securityexport.benchmarks;

import io.securityexport.benchmarks.ApiTenants.Tenant;
import io.securityexport.config.ConfigApplication;
import io.securityexport.config.ConfigProperties;
import io.securityexport.testsupport.Infrastructure;
import io.securityexport.testsupport.ServiceEnvironment;
import io.securityexport.testsupport.TestResources;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The config service's REST API under load and abuse: many tenants, each with its own token, send steady mixed
 * traffic (read and save settings with If-Match, read the run history, run Test Credentials against the S3 server);
 * writers race each other's If-Match saves on a few tenants; abusive requests (oversized, malformed, wrongly typed,
 * unauthenticated, forged, cross-tenant) and slowloris clients run alongside. First a calm phase (the steady traffic
 * alone, a sixth of the time, after an untimed warm-up of 20 s) gives the latency to compare with; then everything at
 * once.
 *
 * <p>It fails (exit 1, with the reason) on any 5xx, any request of the steady traffic without an answer or with a
 * status it cannot get, any lost update, any cross-tenant leak, and any abusive request not answered as promised.
 *
 * <p>Options: minutes (3, both phases), tenants (200), clients (32 of steady traffic), writers (8, racing on the
 * contended tenants), contended (4 tenants), abusers (2), slow (6 slowloris clients).
 */
public final class ApiLoadBenchmark {

    private static final Duration WARM_UP = Duration.ofSeconds(20);

    private ApiLoadBenchmark() {}

    public static void main(String[] args) {
        try {
            System.exit(run() ? 0 : 1);
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1); // the in-process broker's threads would keep a failed run alive
        }
    }

    record Options(int minutes, int tenants, int clients, int writers, int contended, int abusers, int slow) {

        static Options fromSystemProperties() {
            return new Options(
                    Integer.getInteger("minutes", 3),
                    Integer.getInteger("tenants", 200),
                    Integer.getInteger("clients", 32),
                    Integer.getInteger("writers", 8),
                    Integer.getInteger("contended", 4),
                    Integer.getInteger("abusers", 2),
                    Integer.getInteger("slow", 6));
        }

        Duration total() {
            return Duration.ofMinutes(minutes);
        }

        Duration calm() {
            return total().dividedBy(6);
        }
    }

    private static boolean run() throws Exception {
        Options options = Options.fromSystemProperties();
        System.setProperty("spring.main.banner-mode", "off");
        System.setProperty("spring.main.log-startup-info", "false");
        Infrastructure infrastructure = Infrastructure.shared();
        String prefix = TestResources.uniqueName("apiload");
        String database = infrastructure.postgres().createDatabase("apiload");
        infrastructure
                .kafka()
                .createTopics(
                        3,
                        prefix + ".security-export-jobs",
                        prefix + ".security-export-results",
                        prefix + ".security-events");
        try (ConfigurableApplicationContext config = startConfigService(infrastructure, database, prefix)) {
            URI base = URI.create("http://127.0.0.1:"
                    + ((WebServerApplicationContext) config).getWebServer().getPort());
            ConfigProperties.Api limits = config.getBean(ConfigProperties.class).api();
            return measure(options, infrastructure, base, limits, prefix);
        }
    }

    private static boolean measure(
            Options options, Infrastructure infrastructure, URI base, ConfigProperties.Api limits, String bucket)
            throws Exception {
        Findings findings = new Findings();
        Isolation isolation = new Isolation(findings);
        SaveLedger ledger = new SaveLedger();
        ApiTenants tenants = ApiTenants.of(options.tenants(), bucket);
        long started = System.nanoTime();
        tenants.create(infrastructure.s3(), new ApiCalls(base, new Tally(), findings));
        report("created %d tenants through the API in %.1f s (not counted)", tenants.size(), seconds(started));
        if (!findings.isEmpty()) {
            LoadReport.lines(findings.describe());
            throw new IllegalStateException("set-up failed");
        }

        // untimed: the JIT, connection pools and caches of a service that has been up for a while
        report("warm-up: %d clients of steady traffic for %s (not counted)", options.clients(), WARM_UP);
        calmPhase(
                options,
                new ApiCalls(base, new Tally(), findings),
                tenants,
                ledger,
                isolation,
                Instant.now().plus(WARM_UP));

        Tally calm = new Tally();
        Instant calmEnd = Instant.now().plus(options.calm());
        report("calm phase: %d clients of steady traffic for %s", options.clients(), options.calm());
        calmPhase(options, new ApiCalls(base, calm, findings), tenants, ledger, isolation, calmEnd);

        Tally loaded = new Tally();
        Instant end = Instant.now().plus(options.total().minus(options.calm()));
        report(
                "loaded phase: %d steady clients, %d writers on %d tenants, %d abusers, %d slow clients until %s",
                options.clients(), options.writers(), options.contended(), options.abusers(), options.slow(), end);
        ApiCalls loadedCalls = new ApiCalls(base, loaded, findings);
        LoadedPhase phase = loadedPhase(options, loadedCalls, base, limits, tenants, ledger, isolation, findings, end);

        Tally finalReads = new Tally();
        List<SaveLedger.Verdict> verdicts = verifySaves(new ApiCalls(base, finalReads, findings), tenants, ledger);
        return verdict(options, calm, loaded, finalReads, verdicts, findings, isolation, ledger, phase);
    }

    private static void calmPhase(
            Options options, ApiCalls calls, ApiTenants tenants, SaveLedger ledger, Isolation isolation, Instant until)
            throws Exception {
        MixedTraffic traffic =
                new MixedTraffic(calls, tenants, new Saves(calls, tenants, ledger, isolation), isolation);
        List<Runnable> clients = new ArrayList<>();
        for (int client = 0; client < options.clients(); client++) {
            String name = "c" + client;
            long seed = client;
            clients.add(() -> traffic.run(name, until, seed));
        }
        runAll(clients);
    }

    /** What the loaded phase counted besides the tally. */
    record LoadedPhase(Saves saves, MixedTraffic traffic) {}

    private static LoadedPhase loadedPhase(
            Options options,
            ApiCalls calls,
            URI base,
            ConfigProperties.Api limits,
            ApiTenants tenants,
            SaveLedger ledger,
            Isolation isolation,
            Findings findings,
            Instant until)
            throws Exception {
        Saves saves = new Saves(calls, tenants, ledger, isolation);
        MixedTraffic traffic = new MixedTraffic(calls, tenants, saves, isolation);
        ContendedSaves contended =
                new ContendedSaves(saves, tenants.all().subList(0, Math.min(options.contended(), tenants.size())));
        // abusers have connections of their own, as they would from their own machines: a connection an abusive
        // request left in a strange state is theirs, not one a steady client picks from a shared pool next
        AbuseTraffic abuse = new AbuseTraffic(calls.withOwnConnections(), tenants);
        SlowClients slow = new SlowClients(base, limits.headerTimeout(), limits.bodyTimeout(), calls.tally(), findings);
        List<Runnable> clients = new ArrayList<>();
        for (int client = 0; client < options.clients(); client++) {
            String name = "m" + client;
            long seed = 1000 + client;
            clients.add(() -> traffic.run(name, until, seed));
        }
        for (int writer = 0; writer < options.writers(); writer++) {
            String name = "w" + writer;
            long seed = 2000 + writer;
            clients.add(() -> contended.run(name, until, seed));
        }
        for (int abuser = 0; abuser < options.abusers(); abuser++) {
            long seed = 3000 + abuser;
            clients.add(() -> abuse.run(until, seed));
        }
        for (int client = 0; client < options.slow(); client++) {
            Tenant tenant = tenants.get(tenants.size() - 1 - client % tenants.size());
            boolean bodyFirst = client % 2 == 0;
            clients.add(() -> slow.run(tenant, until, bodyFirst));
        }
        runAll(clients);
        return new LoadedPhase(saves, traffic);
    }

    /** Once the load is over: each tenant's final settings against every save it accepted. */
    private static List<SaveLedger.Verdict> verifySaves(ApiCalls calls, ApiTenants tenants, SaveLedger ledger) {
        Saves reader = new Saves(calls, tenants, ledger, new Isolation(new Findings()));
        List<SaveLedger.Verdict> verdicts = new ArrayList<>();
        for (Tenant tenant : tenants.all()) {
            Optional<ApiCalls.Answer> answer = reader.read(tenant).filter(found -> found.status() == 200);
            if (answer.isEmpty()) {
                verdicts.add(new SaveLedger.Verdict(
                        tenant.companyId(), 0, -1, 0, List.of("the final settings could not be read")));
                continue;
            }
            long version = answer.get().json().path("version").asLong();
            String folder = answer.get().json().path("folderPath").asString();
            verdicts.add(ledger.verify(tenant.companyId(), ApiTenants.CREATED_VERSION, version, folder));
        }
        return verdicts;
    }

    private static boolean verdict(
            Options options,
            Tally calm,
            Tally loaded,
            Tally finalReads,
            List<SaveLedger.Verdict> verdicts,
            Findings findings,
            Isolation isolation,
            SaveLedger ledger,
            LoadedPhase phase) {
        Saves saves = phase.saves();
        LoadReport.table("calm: steady traffic alone (" + options.calm() + ")", calm);
        LoadReport.table("loaded: steady traffic with racing writers, abuse and slow clients", loaded);
        LoadReport.table("after: final reads for the lost-update check", finalReads);
        long lost = verdicts.stream().mapToLong(SaveLedger.Verdict::lost).sum();
        List<String> saveProblems = verdicts.stream()
                .filter(verdict -> !verdict.problems().isEmpty())
                .map(verdict -> verdict.companyId() + ": " + String.join("; ", verdict.problems()))
                .toList();
        saveProblems.stream().limit(10).forEach(problem -> findings.add("lost update", problem));
        long total = calm.total() + loaded.total() + finalReads.total();
        long fiveXx = calm.withStatus(500, 599) + loaded.withStatus(500, 599) + finalReads.withStatus(500, 599);
        LoadReport.print("");
        LoadReport.print("| figure | value |");
        LoadReport.print("|---|---:|");
        LoadReport.print("| requests (calm + loaded + final reads) | %,d |".formatted(total));
        LoadReport.print("| 5xx | %d |".formatted(fiveXx));
        LoadReport.print("| accepted saves | %,d |".formatted(ledger.acceptedSaves()));
        LoadReport.print("| 412 retries (read again, save again) | %,d |".formatted(saves.retries()));
        LoadReport.print("| saves given up after 50 lost races | %d |".formatted(saves.givenUp()));
        LoadReport.print("| Test Credentials answered 200, all checks passed / not all (loaded phase) | %,d / %,d |"
                .formatted(phase.traffic().testsPassed(), phase.traffic().testsFailed()));
        LoadReport.print("| lost updates | %d |".formatted(lost));
        LoadReport.print("| tenants whose saves do not add up | %d |".formatted(saveProblems.size()));
        LoadReport.print("| answers checked for cross-tenant data | %,d |".formatted(isolation.checked()));
        LoadReport.print("| cross-tenant leaks | %d |".formatted(findings.count(Isolation.LEAK)));
        LoadReport.print("| abuse answered unexpectedly | %d |".formatted(findings.count(AbuseTraffic.UNEXPECTED)));
        LoadReport.print("| requests without an answer | %d |".formatted(findings.count("no answer")));
        LoadReport.print("");
        if (findings.isEmpty()) {
            report("PASSED");
            return true;
        }
        report("FAILED:");
        LoadReport.lines(findings.describe());
        return false;
    }

    private static ConfigurableApplicationContext startConfigService(
            Infrastructure infrastructure, String database, String prefix) {
        Map<String, String> properties = new HashMap<>(ServiceEnvironment.variables(infrastructure, database, prefix));
        properties.put("logging.level.root", "WARN");
        // Reactor Netty warns of every refused head (431) with its headers: the table counts them instead
        properties.put("logging.level.reactor.netty.http.server.HttpServerOperations", "ERROR");
        properties.put("CONFIG_PORT", "0");
        properties.put("spring.kafka.consumer.group-id", prefix + "-config");
        // no midnight, no retries: the API's own load, not the scheduler's, is measured
        properties.put("security-export.config.schedule.enabled", "false");
        return ConfigApplication.builder()
                .run(properties.entrySet().stream()
                        .map(property -> "--" + property.getKey() + "=" + property.getValue())
                        .toArray(String[]::new));
    }

    /** One thread per client; each waits for its own answers, so the clients are the concurrency. */
    private static void runAll(List<Runnable> clients) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(clients.size());
        try {
            List<Future<?>> running =
                    clients.stream().<Future<?>>map(threads::submit).toList();
            for (Future<?> client : running) {
                client.get(); // a client that threw fails the benchmark with its exception
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void report(String format, Object... args) {
        System.out.println("[api-load-benchmark] " + String.format(format, args));
    }
}

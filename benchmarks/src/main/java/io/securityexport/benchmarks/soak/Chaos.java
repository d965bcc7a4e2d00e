package io.securityexport.benchmarks.soak;

import io.securityexport.testsupport.RestartablePostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What goes wrong around the pipeline during the soak, one thing at a time: a service killed with SIGKILL and started
 * again, PostgreSQL restarted, the Kafka broker killed and started again, in a shuffled round so each gets its turn
 * several times; plus the kills {@link Midnights} asks for at the worst moments (during a midnight, during uploads).
 */
final class Chaos {

    private static final Logger log = LoggerFactory.getLogger(Chaos.class);
    private static final Duration READY_WITHIN = Duration.ofMinutes(3);

    private final SoakSettings settings;
    private final List<ServiceProcess> services;
    private final RestartablePostgres postgres;
    private final KafkaProcess kafka;
    private final Random random;
    /** One action at a time, whoever asks. */
    private final Object acting = new Object();

    final Map<String, AtomicInteger> kills = new ConcurrentHashMap<>();
    final List<Duration> postgresRecoveries = new CopyOnWriteArrayList<>();
    final List<Duration> kafkaRecoveries = new CopyOnWriteArrayList<>();
    private final List<String> round = new ArrayList<>();
    private int rounds;
    private volatile boolean running = true;
    /** While set, the round takes no turn: a midnight is coming and {@link Midnights} picks its own moments. */
    private volatile boolean quiet;

    private Thread thread;

    Chaos(SoakSettings settings, List<ServiceProcess> services, RestartablePostgres postgres, KafkaProcess kafka) {
        this.settings = settings;
        this.services = List.copyOf(services);
        this.postgres = postgres;
        this.kafka = kafka;
        this.random = new Random(settings.seed());
    }

    void start() {
        thread = new Thread(this::run, "soak-chaos");
        thread.start();
    }

    private void run() {
        while (running) {
            long jitter = (long) (settings.killEvery().toMillis() * (0.7 + 0.6 * random.nextDouble()));
            Instant next = Instant.now().plusMillis(jitter);
            while (running && Instant.now().isBefore(next)) {
                Soak.pause(Duration.ofMillis(200));
            }
            if (running && !quiet) {
                act(nextInRound());
            }
        }
    }

    private String nextInRound() {
        if (round.isEmpty()) {
            services.forEach(service -> round.add(service.name()));
            round.add("postgres");
            round.add("kafka");
            Collections.shuffle(round, random);
            if (rounds++ == 0) {
                // the first round starts with the broker and the database, so even a short soak restarts both
                round.removeAll(List.of("postgres", "kafka"));
                round.addAll(0, List.of("kafka", "postgres"));
            }
        }
        return round.remove(0);
    }

    void quiet(boolean quiet) {
        this.quiet = quiet;
    }

    /** Kills one process of the kind (a random one of them) now, unless another action is under way. */
    void killOneOf(String kind) {
        List<ServiceProcess> ofKind =
                services.stream().filter(service -> service.kind().equals(kind)).toList();
        act(ofKind.get(random.nextInt(ofKind.size())).name());
    }

    private void act(String target) {
        synchronized (acting) {
            try {
                switch (target) {
                    case "postgres" -> restartPostgres();
                    case "kafka" -> restartKafka();
                    default -> killService(target);
                }
            } catch (RuntimeException e) {
                log.error("soak chaos: {} did not come back", target, e);
                throw e;
            }
        }
    }

    private void killService(String name) {
        ServiceProcess service = services.stream()
                .filter(candidate -> candidate.name().equals(name))
                .findFirst()
                .orElseThrow();
        Duration recovery = service.killAndRestart(READY_WITHIN);
        kills.computeIfAbsent(name, ignored -> new AtomicInteger()).incrementAndGet();
        log.info("soak chaos: killed {} (SIGKILL); ready again after {} ms", name, recovery.toMillis());
    }

    private void restartPostgres() {
        Instant stopped = Instant.now();
        postgres.stop();
        Soak.pause(Duration.ofMillis(1000 + random.nextInt(3000)));
        postgres.start();
        Duration down = Duration.between(stopped, Instant.now());
        postgresRecoveries.add(down);
        kills.computeIfAbsent("postgres", ignored -> new AtomicInteger()).incrementAndGet();
        log.info("soak chaos: restarted PostgreSQL; down for {} ms", down.toMillis());
    }

    private void restartKafka() {
        Instant killed = Instant.now();
        kafka.kill();
        kafka.start();
        Duration down = Duration.between(killed, Instant.now());
        kafkaRecoveries.add(down);
        kills.computeIfAbsent("kafka", ignored -> new AtomicInteger()).incrementAndGet();
        log.info("soak chaos: killed the Kafka broker (SIGKILL) and started it again; down for {} ms", down.toMillis());
    }

    /** No further action; waits for the one under way. */
    void stop() throws InterruptedException {
        running = false;
        thread.join();
    }

    int killCount(String name) {
        AtomicInteger count = kills.get(name);
        return count == null ? 0 : count.get();
    }
}

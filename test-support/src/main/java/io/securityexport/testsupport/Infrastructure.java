package io.securityexport.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real PostgreSQL, Kafka, S3 and STS for tests, started once per JVM on first use and stopped when the
 * JVM exits. Tests isolate themselves by name ({@link TestResources#uniqueName},
 * {@link PostgresServer#createDatabase}) rather than by server.
 */
public final class Infrastructure {

    private static final Logger log = LoggerFactory.getLogger(Infrastructure.class);
    private static final Object LOCK = new Object();
    private static Infrastructure shared;
    private static RuntimeException startFailure;

    private final PostgresServer postgres;
    private final KafkaBroker kafka;
    private final S3Server s3;
    private final StsServer sts;
    private final boolean dockerBacked;
    private final Stoppers stoppers;

    private Infrastructure(
            PostgresServer postgres,
            KafkaBroker kafka,
            S3Server s3,
            StsServer sts,
            boolean dockerBacked,
            Stoppers stoppers) {
        this.stoppers = stoppers;
        this.postgres = postgres;
        this.kafka = kafka;
        this.s3 = s3;
        this.sts = sts;
        this.dockerBacked = dockerBacked;
    }

    /** Starts everything on the first call (in parallel, a few seconds); later calls return the same. */
    public static Infrastructure shared() {
        synchronized (LOCK) {
            if (shared == null && startFailure == null) {
                try {
                    shared = start(BackendSelection.select());
                } catch (RuntimeException e) {
                    // every later caller gets the same cause rather than a second start attempt
                    startFailure = e;
                }
            }
            if (startFailure != null) {
                throw new IllegalStateException("test infrastructure failed to start", startFailure);
            }
            return shared;
        }
    }

    /**
     * Makes the next start use the embedded servers without probing for a Docker engine (the probe logs an ERROR
     * where none runs), unless a backend was chosen explicitly. For the local stack, which needs only a JDK.
     */
    public static void preferEmbedded() {
        if (System.getProperty(BackendSelection.PROPERTY) == null
                && System.getenv(BackendSelection.ENVIRONMENT) == null) {
            System.setProperty(BackendSelection.PROPERTY, "embedded");
        }
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public S3Server s3() {
        return s3;
    }

    public StsServer sts() {
        return sts;
    }

    /** True when PostgreSQL and Kafka run as Testcontainers; S3 and STS are embedded either way. */
    /** A PostgreSQL of the caller's own, which it may stop and start; the caller closes it. */
    public RestartablePostgres restartablePostgres() {
        return BackendSelection.select().startRestartablePostgres();
    }

    public boolean dockerBacked() {
        return dockerBacked;
    }

    /**
     * Stops everything now, last started first, instead of in the JVM's shutdown hook; later calls do nothing. For
     * an owner that must stop its own users of the infrastructure first (the local stack: the services before Kafka
     * and PostgreSQL), which shutdown hooks cannot order: the JVM runs them all at once, Kafka's own deletion of its
     * log directories among them.
     */
    public void stop() {
        stoppers.stopAll();
    }

    private static Infrastructure start(Backend backend) {
        long startedAt = System.nanoTime();
        Stoppers stoppers = new Stoppers();
        ExecutorService starter = Executors.newFixedThreadPool(3, runnable -> {
            Thread thread = new Thread(runnable, "infrastructure-start");
            thread.setDaemon(true);
            return thread;
        });
        try {
            CompletableFuture<Started<PostgresServer>> postgres = async(backend::startPostgres, stoppers, starter);
            CompletableFuture<Started<KafkaBroker>> kafka = async(backend::startKafka, stoppers, starter);
            CompletableFuture<Started<EmbeddedS3Server>> s3 = async(
                    () -> {
                        EmbeddedS3Server server = EmbeddedS3Server.start();
                        return new Started<>(server, server);
                    },
                    stoppers,
                    starter);
            CompletableFuture.allOf(postgres, kafka, s3).join();
            EmbeddedS3Server s3Server = s3.join().service();
            EmbeddedStsServer stsServer = EmbeddedStsServer.start(s3Server::registerKey, s3Server.accessPolicy());
            stoppers.add(stsServer);
            Infrastructure infrastructure = new Infrastructure(
                    postgres.join().service(),
                    kafka.join().service(),
                    s3Server,
                    stsServer,
                    backend.dockerBacked(),
                    stoppers);
            Runtime.getRuntime().addShutdownHook(new Thread(stoppers::stopAll, "infrastructure-stop"));
            log.info(
                    "test infrastructure up in {} ms: postgres {}, kafka {}, s3 {}, sts {}",
                    Duration.ofNanos(System.nanoTime() - startedAt).toMillis(),
                    infrastructure.postgres,
                    infrastructure.kafka.bootstrapServers(),
                    s3Server.endpoint(),
                    stsServer.endpoint());
            return infrastructure;
        } catch (RuntimeException e) {
            // wait for the other starts so that nothing half-started outlives the failure
            stoppers.stopAllAfterStartsSettle();
            throw e instanceof CompletionException && e.getCause() instanceof RuntimeException cause ? cause : e;
        } finally {
            starter.shutdown();
        }
    }

    private static <T> CompletableFuture<Started<T>> async(
            StartAction<T> action, Stoppers stoppers, ExecutorService executor) {
        CompletableFuture<Started<T>> future = CompletableFuture.supplyAsync(
                () -> {
                    try {
                        Started<T> started = action.start();
                        stoppers.add(started.stopper());
                        return started;
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                },
                executor);
        stoppers.track(future);
        return future;
    }

    @FunctionalInterface
    private interface StartAction<T> {
        Started<T> start() throws Exception;
    }

    /** Stops what was started, last started first. */
    private static final class Stoppers {

        private final List<AutoCloseable> started = new ArrayList<>();
        private final List<CompletableFuture<?>> pending = new ArrayList<>();

        synchronized void add(AutoCloseable stopper) {
            started.add(stopper);
        }

        synchronized void track(CompletableFuture<?> start) {
            pending.add(start);
        }

        void stopAllAfterStartsSettle() {
            List<CompletableFuture<?>> starts;
            synchronized (this) {
                starts = List.copyOf(pending);
            }
            CompletableFuture.allOf(starts.stream()
                            .map(start -> start.handle((result, failure) -> null))
                            .toArray(CompletableFuture[]::new))
                    .join();
            stopAll();
        }

        void stopAll() {
            List<AutoCloseable> toStop;
            synchronized (this) {
                toStop = new ArrayList<>(started);
                started.clear();
            }
            for (int i = toStop.size() - 1; i >= 0; i--) {
                try {
                    toStop.get(i).close();
                } catch (Exception e) {
                    log.warn("could not stop {}", toStop.get(i), e);
                }
            }
        }
    }
}

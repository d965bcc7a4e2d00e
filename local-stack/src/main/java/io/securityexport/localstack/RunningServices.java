package io.securityexport.localstack;

import io.securityexport.config.ConfigApplication;
import io.securityexport.export.WorkerApplication;
import io.securityexport.ingest.IngestApplication;
import io.securityexport.testsupport.ServiceEnvironment;
import io.securityexport.testsupport.TestTokens;
import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The ingest service, config service and export worker running in this JVM, each in its own Spring context with
 * its own configuration file and HTTP port, wired to the given infrastructure exactly as the environment variables
 * of docker-compose.yml wire the containers.
 */
public final class RunningServices implements AutoCloseable {

    private final ConfigurableApplicationContext ingest;
    private final ConfigurableApplicationContext config;
    private final ConfigurableApplicationContext worker; // null when started without one

    /**
     * What may change about the running system: leave out the export worker (to run workers as processes of their
     * own, say), give a service a clock of its own (to put ingest at midnight, or to make midnight come for the
     * scheduler) or one clock to all three ({@link #withClock}), give the worker properties of its own (its S3 traffic
     * through a fault-injecting proxy, smaller parts), or have the config service trust another token-signing key
     * than {@link TestTokens}' (the local stack's {@code docker/demo-jwt} key).
     */
    public record Options(
            boolean exportWorker,
            Optional<Clock> ingestClock,
            Optional<Clock> configClock,
            Optional<Clock> workerClock,
            Map<String, String> workerExtra,
            Optional<String> tokenPublicKeyPem) {

        public Options {
            Objects.requireNonNull(ingestClock, "ingestClock");
            Objects.requireNonNull(configClock, "configClock");
            Objects.requireNonNull(workerClock, "workerClock");
            Objects.requireNonNull(tokenPublicKeyPem, "tokenPublicKeyPem");
            workerExtra = Map.copyOf(workerExtra);
        }

        /** All three services, on the system clock, trusting {@link TestTokens}. */
        public static Options defaults() {
            return new Options(true, Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), Optional.empty());
        }

        public Options withoutExportWorker() {
            return new Options(false, ingestClock, configClock, workerClock, workerExtra, tokenPublicKeyPem);
        }

        public Options withIngestClock(Clock clock) {
            return new Options(
                    exportWorker, Optional.of(clock), configClock, workerClock, workerExtra, tokenPublicKeyPem);
        }

        public Options withConfigClock(Clock clock) {
            return new Options(
                    exportWorker, ingestClock, Optional.of(clock), workerClock, workerExtra, tokenPublicKeyPem);
        }

        public Options withWorkerClock(Clock clock) {
            return new Options(
                    exportWorker, ingestClock, configClock, Optional.of(clock), workerExtra, tokenPublicKeyPem);
        }

        /** One clock for every service: what one of them calls "now" or "today", all do. */
        public Options withClock(Clock clock) {
            return withIngestClock(clock).withConfigClock(clock).withWorkerClock(clock);
        }

        public Options withWorkerProperties(Map<String, String> properties) {
            return new Options(exportWorker, ingestClock, configClock, workerClock, properties, tokenPublicKeyPem);
        }

        /** The config service trusts tokens signed by this key (PEM) instead of {@link TestTokens}' */
        public Options withTokenKey(String publicKeyPem) {
            return new Options(
                    exportWorker, ingestClock, configClock, workerClock, workerExtra, Optional.of(publicKeyPem));
        }
    }

    private RunningServices(
            ConfigurableApplicationContext ingest,
            ConfigurableApplicationContext config,
            ConfigurableApplicationContext worker) {
        this.ingest = ingest;
        this.config = config;
        this.worker = worker;
    }

    public static RunningServices start(StackSettings settings) {
        return start(settings, Map.of());
    }

    /** @param configExtra further properties for the config service (tests switch its scheduling loop off) */
    public static RunningServices start(StackSettings settings, Map<String, String> configExtra) {
        return start(settings, configExtra, Options.defaults());
    }

    public static RunningServices start(StackSettings settings, Map<String, String> configExtra, Options options) {
        SpringApplicationBuilder ingestBuilder = withClock(IngestApplication.builder(), options.ingestClock());
        Map<String, String> environment = environment(settings, options);
        ConfigurableApplicationContext ingest = run(
                ingestBuilder,
                environment,
                Map.of(
                        "INGEST_PORT",
                        Integer.toString(settings.ingestPort()),
                        "spring.kafka.consumer.group-id",
                        settings.consumerGroupPrefix() + "-ingest",
                        "spring.autoconfigure.exclude",
                        ServiceEnvironment.CONFIG_SERVICE_WEB_SECURITY));
        Map<String, String> configProperties = new HashMap<>(configExtra);
        configProperties.put("CONFIG_PORT", Integer.toString(settings.configPort()));
        configProperties.put("spring.kafka.consumer.group-id", settings.consumerGroupPrefix() + "-config");
        ConfigurableApplicationContext config =
                run(withClock(ConfigApplication.builder(), options.configClock()), environment, configProperties);
        ConfigurableApplicationContext worker = options.exportWorker()
                ? run(
                        withClock(WorkerApplication.builder(), options.workerClock()),
                        environment,
                        withExtra(workerOwn(settings), options.workerExtra()))
                : null;
        return new RunningServices(ingest, config, worker);
    }

    /**
     * Every property the in-process export worker gets (the shared variables and its own), for starting further
     * workers elsewhere, e.g. as processes of their own in the same consumer group.
     */
    public static Map<String, String> exportWorkerProperties(StackSettings settings) {
        Map<String, String> properties = new HashMap<>(environment(settings, Options.defaults()));
        properties.putAll(workerOwn(settings));
        return properties;
    }

    /**
     * The variables every service gets (database, Kafka, topics, AWS endpoints, keys, token issuer), for starting the
     * services elsewhere, e.g. each as a process of its own.
     */
    public static Map<String, String> sharedEnvironment(StackSettings settings) {
        return environment(settings, Options.defaults());
    }

    private static SpringApplicationBuilder withClock(SpringApplicationBuilder builder, Optional<Clock> clock) {
        // a primary bean of its own name: the application's "clock" bean stays, this one is injected
        clock.ifPresent(given -> builder.initializers(context -> ((GenericApplicationContext) context)
                .registerBean("stackClock", Clock.class, () -> given, definition -> definition.setPrimary(true))));
        return builder;
    }

    private static Map<String, String> withExtra(Map<String, String> own, Map<String, String> extra) {
        Map<String, String> properties = new HashMap<>(extra);
        properties.putAll(own);
        return properties;
    }

    private static Map<String, String> workerOwn(StackSettings settings) {
        return Map.of(
                "WORKER_PORT",
                Integer.toString(settings.workerPort()),
                "spring.kafka.consumer.group-id",
                settings.consumerGroupPrefix() + "-workers",
                // the share group of the job slots (a group ID is a consumer group's or a share group's, never both)
                "security-export.worker.share.group-id",
                settings.consumerGroupPrefix() + "-worker-slots",
                "spring.autoconfigure.exclude",
                ServiceEnvironment.CONFIG_SERVICE_WEB_SECURITY);
    }

    public URI configApi() {
        return baseUri(config);
    }

    public URI ingestService() {
        return baseUri(ingest);
    }

    /** @throws IllegalStateException when started without the export worker */
    public URI exportWorker() {
        if (worker == null) {
            throw new IllegalStateException("started without the export worker");
        }
        return baseUri(worker);
    }

    public ConfigurableApplicationContext configContext() {
        return config;
    }

    ConfigurableApplicationContext ingestContext() {
        return ingest;
    }

    /** @throws IllegalStateException when started without the export worker */
    ConfigurableApplicationContext workerContext() {
        if (worker == null) {
            throw new IllegalStateException("started without the export worker");
        }
        return worker;
    }

    @Override
    public void close() {
        Stream.of(worker, config, ingest).filter(Objects::nonNull).forEach(ConfigurableApplicationContext::close);
    }

    private static ConfigurableApplicationContext run(
            SpringApplicationBuilder builder, Map<String, String> environment, Map<String, String> own) {
        Map<String, String> properties = new HashMap<>(environment);
        properties.putAll(own);
        // As command-line arguments, so they win over any same-named variable in the caller's environment.
        String[] args = properties.entrySet().stream()
                .map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                .toArray(String[]::new);
        return builder.run(args);
    }

    /** The same variable names docker-compose.yml sets; each service's yml turns them into its settings. */
    private static Map<String, String> environment(StackSettings settings, Options options) {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_HOST", settings.postgresHost());
        env.put("DATABASE_PORT", Integer.toString(settings.postgresPort()));
        env.put("DATABASE_NAME", settings.database());
        env.put("DATABASE_USER", settings.databaseUser());
        env.put("DATABASE_PASSWORD", settings.databasePassword());
        env.put("KAFKA_BOOTSTRAP_SERVERS", settings.kafkaBootstrapServers());
        env.put("SECURITY_EVENTS_TOPIC", settings.topics().events());
        env.put("SECURITY_EVENTS_DLT_TOPIC", settings.topics().deadLetter());
        env.put("DASHBOARD_USERS_DLT_TOPIC", settings.topics().dashboardUsersDeadLetter());
        env.put("DASHBOARD_USERS_TOPIC", settings.topics().dashboardUsers());
        env.put("EXPORT_JOBS_TOPIC", settings.topics().exportJobs());
        env.put("EXPORT_RESULTS_TOPIC", settings.topics().exportResults());
        env.put("S3_ENDPOINT", settings.s3Endpoint().toString());
        env.put("S3_PATH_STYLE", "true");
        env.put("STS_ENDPOINT", settings.stsEndpoint().toString());
        env.put("AWS_PLATFORM_ACCESS_KEY_ID", settings.platformAccessKeyId());
        env.put("AWS_PLATFORM_SECRET_ACCESS_KEY", settings.platformSecretAccessKey());
        env.put("PLATFORM_AWS_ACCOUNT_ID", settings.platformAccountId());
        env.put("SECRET_KEY_V1", settings.secretKeyBase64());
        // the local stack's keys are committed in this repository: services refuse them unless told this is the demo
        env.put("DEMO_KEYS_ALLOWED", "true");
        // lets a webhook receiver on this machine (http://127.0.0.1:…) be a notification channel; off in production
        env.put("ALERTS_ALLOW_PRIVATE_WEBHOOKS", "true");
        // tokens are signed by a key pair of this JVM (TestTokens) or the local stack's, as an identity provider would
        env.put("AUTH_PUBLIC_KEY", options.tokenPublicKeyPem().orElseGet(TestTokens::publicKeyPem));
        env.put("AUTH_ISSUER", TestTokens.ISSUER);
        return env;
    }

    private static URI baseUri(ConfigurableApplicationContext context) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return URI.create("http://127.0.0.1:" + port);
    }
}

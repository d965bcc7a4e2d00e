package io.securityexport.localstack;

import io.securityexport.config.ConfigApplication;
import io.securityexport.export.WorkerApplication;
import io.securityexport.ingest.IngestApplication;
import io.securityexport.testsupport.ServiceEnvironment;
import io.securityexport.testsupport.TestTokens;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The ingest service, config service and export worker running in this JVM, each in its own Spring context with
 * its own configuration file and HTTP port, wired to the given infrastructure exactly as the environment variables
 * of docker-compose.yml wire the containers.
 */
public final class RunningServices implements AutoCloseable {

    private final ConfigurableApplicationContext ingest;
    private final ConfigurableApplicationContext config;
    private final ConfigurableApplicationContext worker;

    private RunningServices(ConfigurableApplicationContext ingest, ConfigurableApplicationContext config,
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
        return start(settings, configExtra, Map.of());
    }

    /**
     * @param workerExtra further properties for the export worker (tests send its S3 traffic through a
     *                    fault-injecting proxy, with smaller parts)
     */
    public static RunningServices start(StackSettings settings, Map<String, String> configExtra,
                                        Map<String, String> workerExtra) {
        ConfigurableApplicationContext ingest = run(IngestApplication.builder(), settings, Map.of(
                "INGEST_PORT", Integer.toString(settings.ingestPort()),
                "spring.kafka.consumer.group-id", settings.consumerGroupPrefix() + "-ingest",
                "spring.autoconfigure.exclude", ServiceEnvironment.CONFIG_SERVICE_WEB_SECURITY));
        Map<String, String> configProperties = new HashMap<>(configExtra);
        configProperties.put("CONFIG_PORT", Integer.toString(settings.configPort()));
        configProperties.put("spring.kafka.consumer.group-id", settings.consumerGroupPrefix() + "-config");
        ConfigurableApplicationContext config = run(ConfigApplication.builder(), settings, configProperties);
        Map<String, String> workerProperties = new HashMap<>(workerExtra);
        workerProperties.put("WORKER_PORT", Integer.toString(settings.workerPort()));
        workerProperties.put("spring.kafka.consumer.group-id", settings.consumerGroupPrefix() + "-workers");
        workerProperties.put("spring.autoconfigure.exclude", ServiceEnvironment.CONFIG_SERVICE_WEB_SECURITY);
        ConfigurableApplicationContext worker = run(WorkerApplication.builder(), settings, workerProperties);
        return new RunningServices(ingest, config, worker);
    }

    public URI configApi() {
        return baseUri(config);
    }

    public URI ingestService() {
        return baseUri(ingest);
    }

    public URI exportWorker() {
        return baseUri(worker);
    }

    public ConfigurableApplicationContext configContext() {
        return config;
    }

    @Override
    public void close() {
        for (ConfigurableApplicationContext context : List.of(worker, config, ingest)) {
            context.close();
        }
    }

    private static ConfigurableApplicationContext run(SpringApplicationBuilder builder, StackSettings settings,
                                                      Map<String, String> own) {
        Map<String, String> properties = new HashMap<>(environment(settings));
        properties.putAll(own);
        // As command-line arguments, so they win over any same-named variable in the caller's environment.
        String[] args = properties.entrySet().stream()
                .map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                .toArray(String[]::new);
        return builder.run(args);
    }

    /** The same variable names docker-compose.yml sets; each service's yml turns them into its settings. */
    private static Map<String, String> environment(StackSettings settings) {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_HOST", settings.postgresHost());
        env.put("DATABASE_PORT", Integer.toString(settings.postgresPort()));
        env.put("DATABASE_NAME", settings.database());
        env.put("DATABASE_USER", settings.databaseUser());
        env.put("DATABASE_PASSWORD", settings.databasePassword());
        env.put("KAFKA_BOOTSTRAP_SERVERS", settings.kafkaBootstrapServers());
        env.put("SECURITY_EVENTS_TOPIC", settings.topics().events());
        env.put("SECURITY_EVENTS_DLT_TOPIC", settings.topics().deadLetter());
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
        // tokens are signed by the local stack's own key pair (TestTokens), as an identity provider would sign them
        env.put("AUTH_PUBLIC_KEY", TestTokens.publicKeyPem());
        env.put("AUTH_ISSUER", TestTokens.ISSUER);
        return env;
    }

    private static URI baseUri(ConfigurableApplicationContext context) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return URI.create("http://127.0.0.1:" + port);
    }
}

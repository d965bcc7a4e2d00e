package io.securityexport.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment variables the services read (the same names docker-compose.yml sets), pointing at this JVM's
 * test infrastructure, one database and topics under one prefix. Register them as properties in a test.
 */
public final class ServiceEnvironment {

    /**
     * For {@code spring.autoconfigure.exclude} of the ingest service and the worker when they share one classpath with
     * the config service (local stack, benchmarks): in their own deployments they have no Spring Security, and its
     * auto-configuration must not lock their actuator endpoints behind a generated password here either.
     */
    public static final String CONFIG_SERVICE_WEB_SECURITY = String.join(
            ",",
            "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration");

    /** A fixed AES-256 key for tests only. */
    public static final String TEST_SECRET_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    private ServiceEnvironment() {}

    public static Map<String, String> variables(Infrastructure infrastructure, String database, String topicPrefix) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DATABASE_HOST", infrastructure.postgres().host());
        env.put("DATABASE_PORT", Integer.toString(infrastructure.postgres().port()));
        env.put("DATABASE_NAME", database);
        env.put("DATABASE_USER", infrastructure.postgres().username());
        env.put("DATABASE_PASSWORD", infrastructure.postgres().password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", infrastructure.kafka().bootstrapServers());
        env.put("SECURITY_EVENTS_TOPIC", topicPrefix + ".security-events");
        env.put("SECURITY_EVENTS_DLT_TOPIC", topicPrefix + ".security-events.DLT");
        env.put("DASHBOARD_USERS_TOPIC", topicPrefix + ".dashboard-users");
        env.put("DASHBOARD_USERS_DLT_TOPIC", topicPrefix + ".dashboard-users.DLT");
        env.put("EXPORT_JOBS_TOPIC", topicPrefix + ".security-export-jobs");
        env.put("EXPORT_RESULTS_TOPIC", topicPrefix + ".security-export-results");
        env.put("S3_ENDPOINT", infrastructure.s3().endpoint().toString());
        env.put("S3_PATH_STYLE", "true");
        env.put("STS_ENDPOINT", infrastructure.sts().endpoint().toString());
        env.put("AWS_PLATFORM_ACCESS_KEY_ID", infrastructure.sts().platformKey().accessKeyId());
        env.put(
                "AWS_PLATFORM_SECRET_ACCESS_KEY",
                infrastructure.sts().platformKey().secretAccessKey());
        env.put("PLATFORM_AWS_ACCOUNT_ID", infrastructure.sts().platformAccountId());
        env.put("SECRET_KEY_V1", TEST_SECRET_KEY);
        // the keys above are committed in this repository: services refuse them unless told this is a test
        env.put("DEMO_KEYS_ALLOWED", "true");
        env.put("AUTH_PUBLIC_KEY", TestTokens.publicKeyPem());
        env.put("AUTH_ISSUER", TestTokens.ISSUER);
        env.put("spring.kafka.consumer.group-id", topicPrefix + "-group");
        return env;
    }
}

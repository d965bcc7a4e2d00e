package io.securityexport.config;

import io.securityexport.testsupport.Infrastructure;
import io.securityexport.testsupport.ServiceEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One config service's topics (jobs, results, audit events) under a prefix on the shared broker, and the environment
 * variables that point it at them and at its own database: what every integration test of this service registers.
 */
public final class ConfigEnvironment {

    private ConfigEnvironment() {}

    public static void register(
            DynamicPropertyRegistry registry, Infrastructure infrastructure, String database, String prefix) {
        infrastructure
                .kafka()
                .createTopics(
                        1,
                        prefix + ".security-export-jobs",
                        prefix + ".security-export-results",
                        prefix + ".security-events");
        ServiceEnvironment.variables(infrastructure, database, prefix)
                .forEach((name, value) -> registry.add(name, () -> value));
    }
}

package io.securityexport.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securityexport.testsupport.Infrastructure;
import io.securityexport.testsupport.ServiceEnvironment;
import io.securityexport.testsupport.TestResources;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The service started as a deployment would be, but with the committed test key (test-support's SECRET_KEY_V1)
 * and without DEMO_KEYS_ALLOWED: it must not start, and must say what to configure.
 */
class DemoKeysIntegrationTest {

    static final Infrastructure INFRASTRUCTURE = Infrastructure.shared();

    @Test
    void aCommittedKeyWithoutTheAllowanceStopsTheStartWithWhatToConfigure() {
        String prefix = TestResources.uniqueName("demo-keys");
        Map<String, Object> environment = new HashMap<>();
        environment.putAll(ServiceEnvironment.variables(
                INFRASTRUCTURE, INFRASTRUCTURE.postgres().createDatabase("demokeys"), prefix));
        environment.remove("DEMO_KEYS_ALLOWED"); // in case test-support sets it for every service
        environment.put("server.port", "0");
        environment.put("SCHEDULER_ENABLED", "false");

        assertThatThrownBy(() -> ConfigApplication.builder()
                        .properties(environment)
                        .run()
                        .close())
                .hasStackTraceContaining("config-service refuses to start: SECRET_KEY_V1 is a demo key committed in"
                        + " this repository")
                .hasStackTraceContaining("DEMO_KEYS_ALLOWED=true");
    }
}

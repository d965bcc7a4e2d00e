package io.securityexport.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.unit.DataSize;

/** ConfigProperties as the one owner of the service's defaults, and the demo-key refusal; binding only, no Spring context. */
class ConfigPropertiesTest {

    static final String REAL_KEY = "c29tZS1yZWFsLWtleS1ub2JvZHktY29tbWl0dGVkLSE=";
    static final String DEMO_KEY = "7PEUz9uTnzGIUbC18PSUx21vlFAyocVPXKEGr8KekDQ="; // docker/secret-keys.env

    @Test
    void theYamlStatesNoDefaultOtherThanTheRecords() throws IOException {
        ConfigProperties fromYaml = bind(Map.of("SECRET_KEY_V1", REAL_KEY), true);
        ConfigProperties fromRecord = bind(
                Map.of(
                        "security-export.config.secrets.keys.1",
                        REAL_KEY,
                        "security-export.config.secrets.active-version",
                        "1"),
                false);

        assertThat(fromYaml.topics()).isEqualTo(fromRecord.topics());
        assertThat(fromYaml.platform()).isEqualTo(fromRecord.platform());
        assertThat(fromYaml.auth().companyClaim()).isEqualTo(fromRecord.auth().companyClaim());
        assertThat(fromYaml.schedule()).isEqualTo(fromRecord.schedule());
        assertThat(fromYaml.credentialTest()).isEqualTo(fromRecord.credentialTest());
        assertThat(fromYaml.runs()).isEqualTo(fromRecord.runs());
        assertThat(fromYaml.api()).isEqualTo(fromRecord.api());
        assertThat(fromYaml.alerts()).isEqualTo(fromRecord.alerts());
        assertThat(fromYaml.demoKeysAllowed())
                .isEqualTo(fromRecord.demoKeysAllowed())
                .isFalse();
    }

    @Test
    void theDeploymentsVariablesStillReachTheirSettings() throws IOException {
        ConfigProperties bound = bind(
                Map.of(
                        "SECRET_KEY_V1",
                        REAL_KEY,
                        "SCHEDULER_ENABLED",
                        "false",
                        "EXPORT_JOBS_TOPIC",
                        "t.jobs",
                        "DEMO_KEYS_ALLOWED",
                        "true",
                        "API_MAX_BODY_DRAIN",
                        "2MB"),
                true);

        assertThat(bound.schedule().enabled()).isFalse();
        assertThat(bound.topics().exportJobs()).isEqualTo("t.jobs");
        assertThat(bound.demoKeysAllowed()).isTrue();
        assertThat(bound.api().maxBodyDrain()).isEqualTo(DataSize.ofMegabytes(2));
    }

    @Test
    void aCommittedDemoKeyStopsTheServiceWithWhatToConfigure() {
        assertThatThrownBy(() -> bind(Map.of("SECRET_KEY_V1", DEMO_KEY), true))
                .rootCause()
                .hasMessageContaining("config-service refuses to start: SECRET_KEY_V1 is a demo key committed in this"
                        + " repository")
                .hasMessageContaining("openssl rand -base64 32")
                .hasMessageContaining("DEMO_KEYS_ALLOWED=true");
    }

    @Test
    void theCommittedDemoTokenKeyStopsTheServiceToo() throws IOException {
        String demoPublicKey = Files.readString(Path.of("..", "docker", "demo-jwt", "public.pem"));

        assertThatThrownBy(() -> bind(Map.of("SECRET_KEY_V1", REAL_KEY, "AUTH_PUBLIC_KEY", demoPublicKey), true))
                .rootCause()
                .hasMessageContaining("AUTH_PUBLIC_KEY is the demo token key")
                .hasMessageContaining("AUTH_JWK_SET_URI");
    }

    @Test
    void demoKeysStartWhereAllowed() throws IOException {
        assertThat(bind(Map.of("SECRET_KEY_V1", DEMO_KEY, "DEMO_KEYS_ALLOWED", "true"), true)
                        .demoKeysAllowed())
                .isTrue();
    }

    private static ConfigProperties bind(Map<String, Object> variables, boolean withYaml) throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        // only what the test gives: no variable of the machine running it
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addFirst(new MapPropertySource("variables", new HashMap<>(variables)));
        if (withYaml) {
            for (PropertySource<?> source : new YamlPropertySourceLoader()
                    .load("config-service.yml", new ClassPathResource("config-service.yml"))) {
                environment.getPropertySources().addLast(source);
            }
        }
        return Binder.get(environment)
                .bind("security-export.config", ConfigProperties.class)
                .get();
    }
}

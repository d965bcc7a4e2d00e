package io.securityexport.export.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.securityexport.export.WorkerApplication;
import io.securityexport.testsupport.ServiceEnvironment;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.NestedExceptionUtils;

/** A worker refuses the secret keys published in this repository unless told it runs a demo or a test. */
class DemoKeyRefusalIntegrationTest {

    private static final String DOCKER_DEMO_KEY = "7PEUz9uTnzGIUbC18PSUx21vlFAyocVPXKEGr8KekDQ=";
    private static final String OWN_KEY = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq4M=";

    /** The worker's settings and its secrets feature, nothing that would reach a database or a broker. */
    private final ApplicationContextRunner worker = new ApplicationContextRunner()
            .withUserConfiguration(SecretsOnly.class)
            .withPropertyValues(
                    "security-export.worker.copy-database.url=jdbc:postgresql://localhost/none",
                    "security-export.worker.copy-database.username=none",
                    "security-export.worker.secrets.active-version=1");

    @Configuration(proxyBeanMethods = false)
    @ConfigurationPropertiesScan(basePackageClasses = WorkerApplication.class)
    @Import(SecretsConfiguration.class)
    static class SecretsOnly {}

    @Test
    void theComposeDemoKeyWithoutAllowanceStopsTheStartWithASentenceSayingWhatToConfigure() {
        worker.withPropertyValues("security-export.worker.secrets.keys.1=" + DOCKER_DEMO_KEY)
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(reason(context.getStartupFailure()))
                            .hasMessageContaining("SECRET_KEY_V1")
                            .hasMessageContaining("is a demo key committed in this repository")
                            .hasMessageContaining("openssl rand -base64 32")
                            .hasMessageContaining("DEMO_KEYS_ALLOWED=true")
                            .hasMessageNotContaining(DOCKER_DEMO_KEY);
                });
    }

    @Test
    void theTestKeyIsRefusedTooInAnyVersionSlot() {
        worker.withPropertyValues(
                        "security-export.worker.secrets.keys.1=" + OWN_KEY,
                        "security-export.worker.secrets.keys.2=" + ServiceEnvironment.TEST_SECRET_KEY)
                .run(context -> assertThat(reason(context.getStartupFailure())).hasMessageContaining("SECRET_KEY_V2"));
    }

    @Test
    void aDemoOrTestMayUseTheDemoKeysWhenItSaysSo() {
        worker.withPropertyValues(
                        "security-export.worker.secrets.keys.1=" + DOCKER_DEMO_KEY,
                        "security-export.demo-keys-allowed=true")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aKeyOfYourOwnStartsWithoutAllowance() {
        worker.withPropertyValues("security-export.worker.secrets.keys.1=" + OWN_KEY)
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void theWholeWorkerWithTheDemoKeyAndNoAllowanceDoesNotStart() {
        assertThatThrownBy(() -> WorkerApplication.builder()
                        .run(
                                "--SECRET_KEY_V1=" + DOCKER_DEMO_KEY,
                                "--WORKER_PORT=0",
                                "--DATABASE_PORT=1",
                                "--KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:1"))
                .satisfies(failure -> assertThat(reason(failure)).hasMessageContaining("openssl rand -base64 32"))
                .hasMessageContaining("is a demo key committed in this repository");
    }

    @Test
    void theWholeWorkerTakesTheAllowanceFromItsEnvironmentVariable() {
        // allowed, the same start gets past the keyring and fails later, on the unreachable database
        assertThatThrownBy(() -> WorkerApplication.builder()
                        .run(
                                "--SECRET_KEY_V1=" + DOCKER_DEMO_KEY,
                                "--DEMO_KEYS_ALLOWED=true",
                                "--WORKER_PORT=0",
                                "--DATABASE_PORT=1",
                                "--KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:1"))
                .satisfies(failure -> assertThat(reason(failure).getMessage()).doesNotContain("demo key"));
    }

    private static Throwable reason(Throwable failure) {
        return NestedExceptionUtils.getMostSpecificCause(failure);
    }
}

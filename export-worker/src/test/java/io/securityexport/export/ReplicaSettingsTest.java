package io.securityexport.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The read replica is off unless its URL is set, whether its variables are missing or set empty by the yml. */
class ReplicaSettingsTest {

    private static final String PREFIX = "security-export.worker.copy-database";

    @Test
    void withoutReplicaSettingsDaysAreReadFromThePrimary() {
        WorkerProperties.Replica replica = bind(Map.of()).replica();

        assertThat(replica.configured()).isFalse();
        assertThat(replica.maxWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(replica.pollInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(replica.skipAfterFallback()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void theYmlsEmptyVariablesMeanNoReplicaAndTheDefaults() {
        WorkerProperties.Replica replica = bind(Map.of(
                        PREFIX + ".replica.url", "",
                        PREFIX + ".replica.username", "",
                        PREFIX + ".replica.password", "",
                        PREFIX + ".replica.max-wait", ""))
                .replica();

        assertThat(replica.configured()).isFalse();
        assertThat(replica.maxWait()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aReplicaUrlSwitchesItOnAndAnEmptyLoginMeansThePrimarys() {
        WorkerProperties.Replica replica = bind(Map.of(
                        PREFIX + ".replica.url", "jdbc:postgresql://replica:5432/security_export",
                        PREFIX + ".replica.username", "",
                        PREFIX + ".replica.password", "replica-secret",
                        PREFIX + ".replica.max-wait", "5s"))
                .replica();

        assertThat(replica.configured()).isTrue();
        assertThat(replica.username()).as("the primary's is used").isNull();
        assertThat(replica.maxWait()).isEqualTo(Duration.ofSeconds(5));
        assertThat(replica.toString()).doesNotContain("replica-secret");
    }

    private static WorkerProperties.CopyDatabase bind(Map<String, String> replica) {
        Map<String, String> properties = new HashMap<>(replica);
        properties.put(PREFIX + ".url", "jdbc:postgresql://primary:5432/security_export");
        properties.put(PREFIX + ".username", "security_export");
        properties.put(PREFIX + ".password", "secret");
        return new Binder(new MapConfigurationPropertySource(properties))
                .bind(PREFIX, Bindable.of(WorkerProperties.CopyDatabase.class))
                .get();
    }
}

package io.securityexport.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(InfrastructureExtension.class)
class InfrastructureExtensionIntegrationTest {

    @Test
    void injectsTheSharedInfrastructureAndItsServers(
            Infrastructure infrastructure, PostgresServer postgres, KafkaBroker kafka, S3Server s3, StsServer sts) {
        assertThat(infrastructure).isSameAs(Infrastructure.shared());
        assertThat(postgres).isSameAs(infrastructure.postgres());
        assertThat(kafka).isSameAs(infrastructure.kafka());
        assertThat(s3).isSameAs(infrastructure.s3());
        assertThat(sts).isSameAs(infrastructure.sts());
    }

    @Test
    void postgresAndKafkaComeFromDockerExactlyWhenAnEngineAnswers(Infrastructure infrastructure) {
        assumeTrue(
                System.getProperty(BackendSelection.PROPERTY) == null
                        && System.getenv(BackendSelection.ENVIRONMENT) == null,
                "backend forced");
        assertThat(infrastructure.dockerBacked())
                .isEqualTo(org.testcontainers.DockerClientFactory.instance().isDockerAvailable());
    }
}

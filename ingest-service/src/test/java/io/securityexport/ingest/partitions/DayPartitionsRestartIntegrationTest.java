package io.securityexport.ingest.partitions;

import static org.assertj.core.api.Assertions.assertThat;

import io.securityexport.ingest.IngestApplication;
import io.securityexport.ingest.IngestProperties;
import io.securityexport.testsupport.Infrastructure;
import io.securityexport.testsupport.ServiceEnvironment;
import io.securityexport.testsupport.TestResources;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A restarted instance (empty cache) or a second instance finds the partitions already there and carries on. */
@SpringBootTest(classes = IngestApplication.class, properties = "spring.config.name=" + IngestApplication.CONFIG_NAME)
class DayPartitionsRestartIntegrationTest {

    private static final Infrastructure INFRASTRUCTURE = Infrastructure.shared();
    private static final String PREFIX = TestResources.uniqueName("partitions");
    private static final String DATABASE = INFRASTRUCTURE.postgres().createDatabase("partitions");

    @Autowired
    DatabaseClient database;

    @Autowired
    IngestProperties properties;

    @Autowired
    DayPartitions running;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        INFRASTRUCTURE
                .kafka()
                .createTopics(
                        1, PREFIX + ".security-events", PREFIX + ".security-events.DLT", PREFIX + ".dashboard-users");
        ServiceEnvironment.variables(INFRASTRUCTURE, DATABASE, PREFIX)
                .forEach((name, value) -> registry.add(name, () -> value));
    }

    @Test
    void anotherInstanceEnsuresExistingPartitionsWithoutError() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        running.ensure(today).block(Duration.ofSeconds(10));
        DayPartitions restarted = new DayPartitions(database, Clock.systemUTC(), properties);

        restarted.ensure(today).block(Duration.ofSeconds(10));
        restarted.ensure(today.plusDays(1)).block(Duration.ofSeconds(10));

        Long attached = database.sql("SELECT count(*) AS n FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                        + " WHERE c.relname = '" + DayPartitions.tableOf(today) + "'")
                .map(row -> row.get("n", Long.class))
                .one()
                .block();
        assertThat(attached).isEqualTo(1);
    }
}

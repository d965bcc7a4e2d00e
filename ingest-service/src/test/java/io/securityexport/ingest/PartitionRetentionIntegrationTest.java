package io.securityexport.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.securityexport.ingest.partitions.DayPartitions;
import io.securityexport.ingest.partitions.PartitionRetention;
import io.securityexport.ingest.partitions.PartitionRetention.Decision;
import io.securityexport.ingest.partitions.PartitionRetention.Outcome;
import io.securityexport.testsupport.Infrastructure;
import io.securityexport.testsupport.MutableClock;
import io.securityexport.testsupport.ServiceEnvironment;
import io.securityexport.testsupport.TestResources;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Retention keeps every day an enabled company has not yet received, drops the rest, and its DDL never makes
 * ingestion wait. The config service's schema comes from its own migrations (same database, as in production).
 */
@SpringBootTest(
        classes = {IngestApplication.class, PartitionRetentionIntegrationTest.TestClock.class},
        properties = "spring.config.name=" + IngestApplication.CONFIG_NAME)
class PartitionRetentionIntegrationTest {

    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-21T12:00:00Z"));
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 21);
    private static final Infrastructure INFRASTRUCTURE = Infrastructure.shared();
    private static final String PREFIX = TestResources.uniqueName("retention");
    private static final String DATABASE = INFRASTRUCTURE.postgres().createDatabase("retention");

    @TestConfiguration
    static class TestClock {
        @Bean
        @Primary
        Clock testClock() {
            return CLOCK;
        }
    }

    @Autowired
    DayPartitions partitions;

    @Autowired
    PartitionRetention retention;

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        INFRASTRUCTURE
                .kafka()
                .createTopics(
                        1, PREFIX + ".security-events", PREFIX + ".security-events.DLT", PREFIX + ".dashboard-users");
        ServiceEnvironment.variables(INFRASTRUCTURE, DATABASE, PREFIX)
                .forEach((name, value) -> registry.add(name, () -> value));
    }

    @BeforeAll
    static void configServiceSchema() {
        Flyway.configure()
                .dataSource(
                        INFRASTRUCTURE.postgres().jdbcUrl(DATABASE),
                        INFRASTRUCTURE.postgres().username(),
                        INFRASTRUCTURE.postgres().password())
                .schemas("config")
                .table("config_flyway_history")
                // the config service's own migrations, read from its sources (Maven runs tests in the module folder);
                // not its jar, whose web security would otherwise configure this service too
                .locations("filesystem:../config-service/src/main/resources/db/migration/config")
                .load()
                .migrate();
    }

    @Test
    void expiredDaysAreDroppedOnlyOnceEveryEnabledCompanyReceivedThemUnlessPastTheHardCap() throws Exception {
        LocalDate exported = TODAY.minusDays(40);
        LocalDate notExported = TODAY.minusDays(41);
        LocalDate onlyDisabled = TODAY.minusDays(42);
        LocalDate pastHardCap = TODAY.minusDays(95);
        LocalDate young = TODAY.minusDays(10);
        for (LocalDate day : List.of(exported, notExported, onlyDisabled, pastHardCap, young)) {
            partitions.ensure(day).block();
        }
        company("exported-co", true);
        company("waiting-co", true);
        company("disabled-co", false);
        row(exported, "exported-co");
        run("exported-co", exported, "SUCCEEDED");
        row(notExported, "waiting-co");
        run("waiting-co", notExported, "FAILED");
        row(onlyDisabled, "disabled-co");
        row(pastHardCap, "waiting-co");
        row(young, "waiting-co");

        List<Decision> decisions = retention.apply().collectList().block();

        assertThat(decisions)
                .containsExactly(
                        new Decision(pastHardCap, Outcome.DROPPED_NOT_EXPORTED, 1),
                        new Decision(onlyDisabled, Outcome.DROPPED, 0),
                        new Decision(notExported, Outcome.KEPT_NOT_EXPORTED, 1),
                        new Decision(exported, Outcome.DROPPED, 0));
        assertThat(partitionExists(exported)).isFalse();
        assertThat(partitionExists(onlyDisabled)).isFalse();
        assertThat(partitionExists(pastHardCap)).isFalse();
        assertThat(partitionExists(notExported)).isTrue();
        assertThat(partitionExists(young)).isTrue();
        assertThat(meters.counter("ingest.partitions.dropped_unexported").count())
                .isEqualTo(1);
    }

    @Test
    void partitionDdlDoesNotMakeInsertsWait() throws Exception {
        LocalDate old = TODAY.minusDays(60);
        // the start-up creates the partitions ahead without waiting for them (ensuring today's here too would race it)
        await().atMost(Duration.ofSeconds(30)).until(() -> partitionExists(TODAY));
        partitions.ensure(old).block();
        try (Connection open = connect();
                Statement inserting = open.createStatement()) {
            open.setAutoCommit(false);
            inserting.execute(insert(TODAY, "busy-co", "in-flight"));

            // attaching a new day's partition does not wait for the open insert transaction
            partitions.ensure(TODAY.plusDays(20)).block(Duration.ofSeconds(5));

            // detaching an old day concurrently waits for it, but new inserts meanwhile go straight through
            CompletableFuture<List<Decision>> dropping =
                    retention.apply().collectList().toFuture();
            await().atMost(Duration.ofSeconds(10)).until(() -> detachIsWaiting());
            long started = System.nanoTime();
            try (Connection other = connect();
                    Statement next = other.createStatement()) {
                next.execute(insert(TODAY, "busy-co", "during-detach"));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
            open.commit();
            assertThat(dropping.get()).extracting(Decision::day).contains(old);
        }
        assertThat(partitionExists(old)).isFalse();
    }

    private static boolean detachIsWaiting() throws SQLException {
        try (Connection connection = connect();
                ResultSet rows = connection
                        .createStatement()
                        .executeQuery(
                                "SELECT 1 FROM pg_stat_activity WHERE query LIKE 'ALTER TABLE ingest.security_events DETACH%'"
                                        + " AND wait_event IS NOT NULL")) {
            return rows.next();
        }
    }

    private static String insert(LocalDate day, String company, String eventId) {
        return "INSERT INTO ingest.security_events VALUES ('" + day + "', '" + company + "', '" + eventId
                + "', now(), now(), 'Signed In', 'd-1', 'a@b.io', NULL, NULL)";
    }

    private static void row(LocalDate day, String company) throws SQLException {
        execute(insert(day, company, "e-" + day));
    }

    private static void company(String company, boolean enabled) throws SQLException {
        execute("INSERT INTO config.export_settings VALUES ('" + company + "', " + enabled
                + ", 'bucket-name', 'us-east-1',"
                + " 'security-events', false, 'ACCESS_KEY', 'AKIAIOSFODNN7EXAMPLE', 1, '\\x00', 1, now())");
    }

    private static void run(String company, LocalDate day, String status) throws SQLException {
        execute("INSERT INTO config.export_runs (job_id, company_id, day, trigger, status, requested_at)"
                + " VALUES (gen_random_uuid(), '" + company + "', '" + day + "', 'SCHEDULED', '" + status
                + "', now())");
    }

    private static boolean partitionExists(LocalDate day) throws SQLException {
        try (Connection connection = connect();
                ResultSet rows = connection
                        .createStatement()
                        .executeQuery("SELECT 1 FROM pg_tables WHERE schemaname = 'ingest' AND tablename = '"
                                + DayPartitions.tableOf(day) + "'")) {
            return rows.next();
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(
                INFRASTRUCTURE.postgres().jdbcUrl(DATABASE),
                INFRASTRUCTURE.postgres().username(),
                INFRASTRUCTURE.postgres().password());
    }
}

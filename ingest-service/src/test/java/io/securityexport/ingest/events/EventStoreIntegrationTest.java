package io.securityexport.ingest.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.securityexport.common.event.Actor;
import io.securityexport.common.event.SecurityEvent;
import io.securityexport.ingest.IngestApplication;
import io.securityexport.ingest.isolation.StorageRefusal;
import io.securityexport.ingest.partitions.DayPartitions;
import io.securityexport.testsupport.Infrastructure;
import io.securityexport.testsupport.ServiceEnvironment;
import io.securityexport.testsupport.TestResources;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The store on a real PostgreSQL, with a pool of one connection so that every batch meets the staging table the
 * previous one left behind on the same session.
 */
@SpringBootTest(
        classes = IngestApplication.class,
        properties = {
            "spring.config.name=" + IngestApplication.CONFIG_NAME,
            "spring.r2dbc.pool.initial-size=1",
            "spring.r2dbc.pool.max-size=1"
        })
class EventStoreIntegrationTest {

    private static final Infrastructure INFRASTRUCTURE = Infrastructure.shared();
    private static final String PREFIX = TestResources.uniqueName("store");
    private static final String DATABASE = INFRASTRUCTURE.postgres().createDatabase("store");

    @Autowired
    EventStore store;

    @Autowired
    DatabaseClient database;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        INFRASTRUCTURE
                .kafka()
                .createTopics(
                        1, PREFIX + ".security-events", PREFIX + ".security-events.DLT", PREFIX + ".dashboard-users");
        ServiceEnvironment.variables(INFRASTRUCTURE, DATABASE, PREFIX)
                .forEach((name, value) -> registry.add(name, () -> value));
    }

    /** The start-up creates today's partition without waiting for it; ensuring it here too would race that. */
    @BeforeEach
    void todaysPartitionIsThere() {
        String partition = DayPartitions.tableOf(LocalDate.now(ZoneOffset.UTC));
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        database.sql("SELECT count(*) AS n FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                                                + " WHERE c.relname = '" + partition + "'")
                                        .map(row -> row.get("n", Long.class))
                                        .one()
                                        .block()
                                == 1);
    }

    @Test
    void textsThatArrayLiteralsHadToEscapeArriveByteForByte() {
        List<String> odd = List.of(
                "quote \" inside",
                "back\\slash \\\" and \\\\",
                "comma, {braces}, (parens)",
                "line\nbreak\r\nand\ttab",
                "日本語のイベント",
                "emoji 🙂👩‍💻",
                "",
                "NULL",
                "\\N",
                " leading and trailing ");
        List<SecurityEvent> events = new ArrayList<>();
        for (int i = 0; i < odd.size(); i++) {
            String text = odd.get(i);
            events.add(new SecurityEvent(
                    "odd-" + i,
                    "odd-co",
                    Instant.parse("2026-11-20T13:45:12.123456789Z").plusSeconds(i),
                    text,
                    new Actor(text, text),
                    i % 2 == 0 ? null : text,
                    i % 3 == 0 ? null : "{\"v\":\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}"));
        }

        store(events).as(StepVerifier::create).expectNext((long) odd.size()).verifyComplete();

        List<SecurityEvent> stored = database.sql(
                        "SELECT * FROM ingest.security_events WHERE company_id = 'odd-co'" + " ORDER BY occurred_at")
                .map(row -> new SecurityEvent(
                        row.get("event_id", String.class),
                        row.get("company_id", String.class),
                        row.get("occurred_at", Instant.class),
                        row.get("event_name", String.class),
                        new Actor(row.get("actor_developer_id", String.class), row.get("actor_email", String.class)),
                        row.get("other_account", String.class),
                        row.get("properties", String.class)))
                .all()
                .collectList()
                .block();
        assertThat(stored)
                .containsExactlyElementsOf(events.stream()
                        .map(event -> new SecurityEvent(
                                event.eventId(),
                                event.companyId(),
                                event.occurredAt().truncatedTo(ChronoUnit.MICROS),
                                event.eventName(),
                                event.actor(),
                                event.otherAccount(),
                                event.properties()))
                        .toList());
    }

    @Test
    void aTwinInsideTheBatchOrAlreadyStoredIsStoredOnce() {
        store(List.of(event("twin-co", "stored-before"))).block();

        store(List.of(
                        event("twin-co", "a"),
                        event("twin-co", "a"),
                        event("twin-co", "stored-before"),
                        event("other-co", "a")))
                .as(StepVerifier::create)
                .expectNext(2L)
                .verifyComplete();
        assertThat(count("company_id IN ('twin-co', 'other-co')")).isEqualTo(3);
    }

    @Test
    void aRefusedBatchLeavesNothingStagedForTheNextBatchOnTheSameConnection() {
        Long session = backendPid();

        store(List.of(event("refused-co", "staged-1"), event("refused-co", "nul\u0000inside")))
                .as(StepVerifier::create)
                .verifyErrorSatisfies(error -> {
                    assertThat(StorageRefusal.isRefusal(error)).isTrue();
                    assertThat(StorageRefusal.rejection(error).detail()).contains("SQLSTATE 22021");
                });
        store(List.of(event("refused-co", "after")))
                .as(StepVerifier::create)
                .expectNext(1L)
                .verifyComplete();

        assertThat(backendPid()).isEqualTo(session);
        assertThat(count("company_id = 'refused-co'")).isEqualTo(1);
    }

    @Test
    void batchesInARowOnOneConnectionEachInsertOnlyTheirOwnRows() {
        Long session = backendPid();
        for (int batch = 0; batch < 5; batch++) {
            List<SecurityEvent> events = new ArrayList<>();
            for (int i = 0; i < 2_500; i++) {
                events.add(event("row-co", batch + "-" + i));
            }
            store(events).as(StepVerifier::create).expectNext(2_500L).verifyComplete();
        }

        assertThat(backendPid()).isEqualTo(session);
        assertThat(count("company_id = 'row-co'")).isEqualTo(12_500);
    }

    private Mono<Long> store(List<SecurityEvent> events) {
        Instant now = Instant.now();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return store.store(events, Mono.just(new Receipt(now, today)));
    }

    private static SecurityEvent event(String company, String id) {
        return new SecurityEvent(
                id,
                company,
                Instant.parse("2026-11-20T13:45:12Z"),
                "Signed In",
                new Actor("dev-1", "a@b.io"),
                null,
                "{\"ip\":\"203.0.113.9\"}");
    }

    private Long backendPid() {
        return database.sql("SELECT pg_backend_pid()::bigint AS pid")
                .map(row -> row.get("pid", Long.class))
                .one()
                .block();
    }

    private Long count(String where) {
        return database.sql("SELECT count(*) AS n FROM ingest.security_events WHERE " + where)
                .map(row -> row.get("n", Long.class))
                .one()
                .block();
    }
}

package io.securityexport.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.securityexport.testsupport.DeadLetterTopic;
import io.securityexport.testsupport.DeadLetterTopic.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One record must never stop a partition. Records that pass for JSON but not for PostgreSQL text are refused by
 * validation; records the database refuses anyway (here: a constraint and a trigger added by the test, so the
 * isolation does not lean on the validator) are found by splitting the batch and dead-lettered alone, while every
 * other record of the batch is stored and the partition keeps moving. A database that is merely unwell is waited for.
 */
@SpringBootTest(
        classes = IngestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + IngestApplication.CONFIG_NAME)
class PoisonRecordIsolationIntegrationTest {

    private static final IngestFixture FIXTURE = new IngestFixture("poison");

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        FIXTURE.register(registry);
    }

    @Test
    void aNulOrALoneSurrogateIsDeadLetteredAndTheRestOfItsBatchAndPartitionFlow() throws Exception {
        List<String> batch = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            batch.add(event("nul-co", "good-" + i, "Signed In", "a@b.io"));
            if (i == 10) {
                batch.add(event("nul-co", "nul-name", "Sign\\u0000In", "a@b.io"));
            }
            if (i == 20) {
                batch.add(event("nul-co", "lone-surrogate", "Signed In", "\\ud800@b.io"));
            }
        }
        FIXTURE.publish("nul-co", batch);
        FIXTURE.publish("nul-co", List.of(event("nul-co", "after", "Signed In", "a@b.io")));

        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(FIXTURE.count(
                                "SELECT count(*) FROM ingest.security_events WHERE company_id = 'nul-co'"))
                        .isEqualTo(41));
        List<DeadLetter> letters = lettersOf("nul-co", 2);
        assertThat(letters).extracting(DeadLetter::reason).containsOnly("UNSUPPORTED_CHARACTER");
        assertThat(letters)
                .extracting(DeadLetter::detail)
                .containsExactlyInAnyOrder(
                        "eventName contains U+0000 (NUL) at character 5, which PostgreSQL text cannot store",
                        "actor.email contains an unpaired UTF-16 surrogate U+D800 at character 1, which PostgreSQL text cannot store");
    }

    @Test
    void recordsTheDatabaseRefusesForGoodAreIsolatedWithTheirReasonAndTheOthersStored() throws Exception {
        FIXTURE.execute("ALTER TABLE ingest.security_events ADD CONSTRAINT test_refuses_marked_names"
                + " CHECK (event_name <> 'Refused By Constraint')");
        FIXTURE.execute("""
                CREATE FUNCTION ingest.test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW.event_name = 'Refused By Trigger' THEN
                    RAISE EXCEPTION 'secret-looking value %', NEW.actor_email;
                  END IF;
                  RETURN NEW;
                END $$""");
        FIXTURE.execute("CREATE TRIGGER test_refuse BEFORE INSERT ON ingest.security_events"
                + " FOR EACH ROW EXECUTE FUNCTION ingest.test_refuse()");
        try {
            List<String> batch = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                String name = switch (i % 20) {
                    case 3 -> "Refused By Constraint";
                    case 17 -> "Refused By Trigger";
                    default -> "Signed In";
                };
                batch.add(event("refused-co", "evt-" + i, name, "private-" + i + "@b.io"));
            }
            FIXTURE.publish("refused-co", batch);
            FIXTURE.publish("refused-co", List.of(event("refused-co", "after", "Signed In", "a@b.io")));

            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(FIXTURE.count(
                                    "SELECT count(*) FROM ingest.security_events WHERE company_id = 'refused-co'"))
                            .isEqualTo(55));
            List<DeadLetter> letters = lettersOf("refused-co", 6);
            assertThat(letters).extracting(DeadLetter::reason).containsOnly("STORAGE_REJECTED");
            assertThat(letters)
                    .extracting(letter -> new String(letter.value(), StandardCharsets.UTF_8))
                    .as("the records are dead-lettered unchanged")
                    .allSatisfy(value -> assertThat(value).contains("Refused By"));
            assertThat(letters)
                    .extracting(DeadLetter::detail)
                    .filteredOn(detail -> detail.contains("SQLSTATE 23514"))
                    .hasSize(3)
                    .allSatisfy(detail -> assertThat(detail).contains("constraint test_refuses_marked_names"));
            assertThat(letters)
                    .extracting(DeadLetter::detail)
                    .filteredOn(detail -> detail.contains("SQLSTATE P0001"))
                    .hasSize(3);
            assertThat(letters)
                    .extracting(DeadLetter::detail)
                    .as("the database's message can quote the data; the detail never does")
                    .noneSatisfy(detail -> assertThat(detail).contains("private-"));
        } finally {
            FIXTURE.execute("DROP TRIGGER test_refuse ON ingest.security_events");
            FIXTURE.execute("ALTER TABLE ingest.security_events DROP CONSTRAINT test_refuses_marked_names");
        }
    }

    @Test
    void aTransientDatabaseErrorIsRetriedUntilItPassesNotDeadLettered() throws Exception {
        FIXTURE.execute("CREATE SEQUENCE ingest.test_unwell_calls");
        FIXTURE.execute("""
                CREATE FUNCTION ingest.test_unwell() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  PERFORM nextval('ingest.test_unwell_calls'); -- a sequence counts even in a failed transaction
                  RAISE EXCEPTION 'database unwell' USING ERRCODE = '40001';
                END $$""");
        FIXTURE.execute("CREATE TRIGGER test_unwell BEFORE INSERT ON ingest.security_events"
                + " FOR EACH ROW WHEN (NEW.company_id = 'unwell-co') EXECUTE FUNCTION ingest.test_unwell()");
        try {
            FIXTURE.publish("unwell-co", List.of(event("unwell-co", "waits", "Signed In", "a@b.io")));
            // retried, not refused: the error handler's attempts pile up while nothing is stored or dead-lettered
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> FIXTURE.count(
                                    "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM ingest.test_unwell_calls")
                            >= 3);
            assertThat(FIXTURE.count("SELECT count(*) FROM ingest.security_events WHERE company_id = 'unwell-co'"))
                    .isZero();
        } finally {
            FIXTURE.execute("DROP TRIGGER test_unwell ON ingest.security_events");
        }
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(FIXTURE.count(
                                "SELECT count(*) FROM ingest.security_events WHERE company_id = 'unwell-co'"))
                        .isEqualTo(1));
        assertThat(FIXTURE.deadLetters()).extracting(DeadLetter::key).doesNotContain("unwell-co");
    }

    @Test
    void aDashboardUserTheDirectoryCannotHoldIsDeadLetteredAndTheDirectoryMovesOn() throws Exception {
        String user = "{\"developerId\":\"%s\",\"companyId\":\"dir-poison-co\",\"email\":\"%s\",\"deleted\":false}";
        FIXTURE.publishBytes(
                FIXTURE.dashboardUsers,
                "dev-nul",
                List.of(user.formatted("dev-nul", "a\\u0000@b.io").getBytes(StandardCharsets.UTF_8)));
        FIXTURE.publishBytes(
                FIXTURE.dashboardUsers, "dev-garbage", List.of("not json".getBytes(StandardCharsets.UTF_8)));
        FIXTURE.publishBytes(
                FIXTURE.dashboardUsers,
                "dev-good",
                List.of(user.formatted("dev-good", "good@b.io").getBytes(StandardCharsets.UTF_8)));

        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(FIXTURE.count(
                                "SELECT count(*) FROM ingest.dashboard_users WHERE developer_id = 'dev-good'"))
                        .isEqualTo(1));
        List<DeadLetter> letters = DeadLetterTopic.awaitKeyed(
                FIXTURE.infrastructure.kafka(), FIXTURE.dashboardUsersDeadLetters, "dev-nul", 1);
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.reason()).isEqualTo("UNSUPPORTED_CHARACTER");
            assertThat(letter.detail())
                    .isEqualTo("email contains U+0000 (NUL) at character 2, which PostgreSQL text cannot store");
        });
        assertThat(DeadLetterTopic.awaitKeyed(
                        FIXTURE.infrastructure.kafka(), FIXTURE.dashboardUsersDeadLetters, "dev-garbage", 1))
                .extracting(DeadLetter::reason)
                .containsExactly("NOT_JSON");
        assertThat(FIXTURE.count(
                        "SELECT count(*) FROM ingest.dashboard_users WHERE developer_id IN ('dev-nul', 'dev-garbage')"))
                .isZero();
    }

    private static List<DeadLetter> lettersOf(String company, int expected) {
        List<DeadLetter> letters = FIXTURE.deadLettersOf(company, expected);
        assertThat(letters).hasSize(expected);
        return letters;
    }

    /** The JSON text as a producer writes it; {@code name} and {@code email} may hold JSON escapes such as \u0000. */
    private static String event(String company, String eventId, String name, String email) {
        return "{\"eventId\":\"" + eventId + "\",\"companyId\":\"" + company
                + "\",\"occurredAt\":\"2026-11-01T08:00:00Z\"," + "\"eventName\":\"" + name
                + "\",\"actor\":{\"developerId\":\"d-1\",\"email\":\"" + email + "\"}}";
    }
}

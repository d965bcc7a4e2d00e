package io.securityexport.ingest.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.securityexport.common.event.ParsedEvent;
import io.securityexport.common.event.ParsedEvent.Rejected;
import io.securityexport.common.event.ParsedEvent.Valid;
import io.securityexport.common.event.RejectionReason;
import io.securityexport.common.event.SecurityEvent;
import io.securityexport.common.event.SecurityEventParser;
import io.securityexport.testsupport.fuzz.GeneratedEvent;
import io.securityexport.testsupport.fuzz.HostileEvents;
import io.securityexport.testsupport.fuzz.HostileText;
import io.securityexport.testsupport.fuzz.JsonText;
import io.securityexport.testsupport.fuzz.SeedCorpus;
import io.securityexport.testsupport.fuzz.SeedCorpus.Seed;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The event edge driven with generated input (jqwik): whatever a producer sends, the parser never throws, and a
 * record is either accepted with every value exactly as sent — and only values PostgreSQL text can hold — or refused
 * with a named reason. Records made only of what the contract accepts are always accepted. The seed corpus in
 * test-support replays the edges found so far with their promised outcome. The fixed budget is jqwik's default
 * number of tries (2,000 per property, {@code junit-platform.properties} in test-support; 200 in the fast tier).
 */
class EventEdgePropertyTest {

    private static final Instant NOW = Instant.parse("2026-11-20T14:00:00Z");
    private static final Instant BASE = NOW.minusSeconds(3_600);

    private final SecurityEventParser parser = new SecurityEventParser(Clock.fixed(NOW, ZoneOffset.UTC));

    @Property
    void everyGeneratedRecordIsAcceptedExactlyOrRefusedWithAReason(@ForAll("events") GeneratedEvent event) {
        ParsedEvent parsed = parser.parse("fuzz-co", event.json("fuzz-co", BASE));
        Statistics.label("outcome")
                .collect(parsed instanceof Rejected r ? r.reason().name() : "VALID");

        if (event.clean()) {
            assertThat(parsed).as("only accepted kinds of values were sent").isInstanceOf(Valid.class);
        }
        if (event.holdsUnstorableText()) {
            assertThat(parsed)
                    .isInstanceOfSatisfying(
                            Rejected.class,
                            rejected -> assertThat(rejected.reason())
                                    .isIn(RejectionReason.UNSUPPORTED_CHARACTER, RejectionReason.NOT_JSON));
        }
        if (parsed instanceof Valid valid) {
            assertExactlyAsSent(valid.event(), event);
        } else {
            assertNamed((Rejected) parsed);
        }
    }

    @Property
    void bytesThatAreNotEvenJsonAreRefusedNeverThrown(@ForAll("mangled") byte[] value, @ForAll("keys") String key) {
        ParsedEvent parsed = parser.parse(key, value);

        if (parsed instanceof Rejected rejected) {
            assertNamed(rejected);
        } else {
            assertStorable(((Valid) parsed).event());
        }
    }

    @Example
    void theSeedCorpusKeepsItsPromisedOutcomes() {
        for (Seed seed : SeedCorpus.securityEvents()) {
            ParsedEvent parsed = parser.parse("fuzz-co", seed.value());
            String outcome =
                    parsed instanceof Rejected rejected ? rejected.reason().name() : "VALID";

            assertThat(outcome).as(seed.name()).isEqualTo(seed.expected());
            if (parsed instanceof Valid valid) {
                assertStorable(valid.event());
            }
        }
    }

    @Provide
    Arbitrary<GeneratedEvent> events() {
        return HostileEvents.events();
    }

    @Provide
    Arbitrary<byte[]> mangled() {
        return HostileEvents.mangledValues();
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.oneOf(Arbitraries.just("fuzz-co"), HostileText.any(3));
    }

    private static void assertExactlyAsSent(SecurityEvent stored, GeneratedEvent sent) {
        assertThat(stored.eventId()).isEqualTo(sent.eventId());
        assertThat(stored.eventName()).isEqualTo(sent.eventName());
        assertThat(stored.actor().developerId()).isEqualTo(sent.developerId());
        assertThat(stored.actor().email()).isEqualTo(sent.email());
        assertThat(stored.otherAccount()).isEqualTo(sent.otherAccount());
        assertThat(stored.occurredAt()).isEqualTo(sent.expectedOccurredAt(BASE));
        if (sent.properties() == null) {
            assertThat(stored.properties()).isNull();
        } else {
            assertThat(JsonText.sameJson(stored.properties(), sent.properties()))
                    .as(
                            "properties keep every key, string and number's value: sent %s, stored %s",
                            sent.properties(), stored.properties())
                    .isTrue();
        }
        assertStorable(stored);
    }

    /** What goes to PostgreSQL must come back from UTF-8 unchanged and hold no NUL. */
    private static void assertStorable(SecurityEvent event) {
        Stream.of(
                        event.eventId(),
                        event.eventName(),
                        event.actor().developerId(),
                        event.actor().email(),
                        event.otherAccount(),
                        event.properties())
                .filter(text -> text != null)
                .forEach(text -> {
                    assertThat(HostileText.unstorable(text))
                            .as("storable: %s", text)
                            .isFalse();
                    assertThat(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                            .isEqualTo(text);
                });
    }

    private static void assertNamed(Rejected rejected) {
        assertThat(rejected.reason()).isNotNull();
        assertThat(rejected.detail()).isNotBlank();
    }
}

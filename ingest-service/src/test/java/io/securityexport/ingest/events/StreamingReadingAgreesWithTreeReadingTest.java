package io.securityexport.ingest.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.securityexport.common.event.ParsedEvent;
import io.securityexport.common.event.ParsedEvent.Rejected;
import io.securityexport.common.event.SecurityEventParser;
import io.securityexport.testsupport.fuzz.GeneratedEvent;
import io.securityexport.testsupport.fuzz.HostileEvents;
import io.securityexport.testsupport.fuzz.SeedCorpus;
import io.securityexport.testsupport.fuzz.SeedCorpus.Seed;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The parser reads a record in one streaming pass and re-writes {@code properties} token by token (issue 13); before,
 * it read the record into a tree and wrote {@code properties} out of it ({@link TreeReadingParser}, kept verbatim).
 * Whatever a producer sends, both must give the same outcome: the same event with the same {@code properties} text to
 * the byte, or the same reason. (The detail sentence of NOT_JSON quotes Jackson and may be worded differently.)
 */
class StreamingReadingAgreesWithTreeReadingTest {

    private static final Instant NOW = Instant.parse("2026-11-20T14:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final SecurityEventParser streaming = new SecurityEventParser(CLOCK);
    private final TreeReadingParser tree = new TreeReadingParser(CLOCK);

    @Property
    void generatedEventsGetTheSameOutcome(@ForAll("events") GeneratedEvent event) {
        assertSameOutcome("fuzz-co", event.json("fuzz-co", NOW.minusSeconds(3_600)));
    }

    @Property
    void mangledBytesGetTheSameOutcome(@ForAll("mangled") byte[] value) {
        assertSameOutcome("fuzz-co", value);
    }

    @Example
    void theSeedCorpusGetsTheSameOutcome() {
        for (Seed seed : SeedCorpus.securityEvents()) {
            assertSameOutcome("fuzz-co", seed.value());
        }
    }

    @Property
    void oddShapesGetTheSameOutcome(@ForAll("shapes") String json) {
        assertSameOutcome("acme", json.getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<GeneratedEvent> events() {
        return HostileEvents.events();
    }

    @Provide
    Arbitrary<byte[]> mangled() {
        return HostileEvents.mangledValues();
    }

    /** Wrong types, nulls, numbers in every notation, arrays and objects where strings belong, trailing content. */
    @Provide
    Arbitrary<String> shapes() {
        Arbitrary<String> value = Arbitraries.of(
                "null",
                "true",
                "\"s\"",
                "\"\"",
                "7",
                "-0",
                "-0.0",
                "2.5E17",
                "1e400",
                "1e9999999999",
                "0.0e5",
                "100e-2",
                "-9223372036854775809",
                "[1,{\"a\":[]}]",
                "{}",
                "{\"k\":1.50,\"k2\":[null,false,\"\\u0000\"]}",
                "{\"developerId\":\"d\",\"email\":\"e\"}",
                "{\"developerId\":7,\"email\":\"e\"}",
                "{\"developerId\":\"d\"}");
        Arbitrary<String> field = Arbitraries.of(
                "eventId", "companyId", "occurredAt", "eventName", "actor", "otherAccount", "properties", "extra");
        Arbitrary<String> member =
                net.jqwik.api.Combinators.combine(field, value).as((name, v) -> "\"" + name + "\":" + v);
        Arbitrary<String> base = Arbitraries.just("\"eventId\":\"e\",\"companyId\":\"acme\","
                + "\"occurredAt\":\"2026-11-20T13:00:00Z\",\"eventName\":\"x\","
                + "\"actor\":{\"developerId\":\"d\",\"email\":\"e\"}");
        Arbitrary<String> members = member.list().ofMaxSize(4).map(list -> String.join(",", list));
        Arbitrary<String> trailing = Arbitraries.of("", " ", "\n", " {}", " x", "]", " null");
        return net.jqwik.api.Combinators.combine(base, members, trailing, Arbitraries.of(true, false))
                .as((b, m, t, withBase) -> {
                    String body = withBase ? (m.isEmpty() ? b : b + "," + m) : m;
                    return "{" + body + "}" + t;
                });
    }

    private void assertSameOutcome(String key, byte[] value) {
        ParsedEvent expected = tree.parse(key, value);
        ParsedEvent actual = streaming.parse(key, value);

        if (expected instanceof Rejected rejected
                && rejected.reason() == io.securityexport.common.event.RejectionReason.NOT_JSON) {
            assertThat(actual)
                    .as(new String(value, StandardCharsets.UTF_8))
                    .isInstanceOfSatisfying(
                            Rejected.class, r -> assertThat(r.reason()).isEqualTo(rejected.reason()));
        } else {
            assertThat(actual).as(new String(value, StandardCharsets.UTF_8)).isEqualTo(expected);
        }
    }
}

package io.securityexport.testsupport.fuzz;

import io.securityexport.testsupport.fuzz.GeneratedEvent.TimeShape;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generated input for the {@code security-events} edge. Each field is drawn from what the contract accepts most of the
 * time and from {@link HostileText} otherwise, so a list of events mixes records that must arrive byte for byte with
 * records that must be dead-lettered with a reason — and the generator knows which are which only for the first kind.
 */
public final class HostileEvents {

    private HostileEvents() {}

    /** A field's value and whether it came from the accepted kind. */
    private record Drawn(String value, boolean clean) {}

    public static Arbitrary<GeneratedEvent> events() {
        return Arbitraries.of(true, false).flatMap(HostileEvents::events);
    }

    /** Bytes that may not even be JSON: broken UTF-8, truncated or spliced events, random bytes. */
    public static Arbitrary<byte[]> mangledValues() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<byte[]> cut = Combinators.combine(
                        events(), Arbitraries.integers().between(0, 400))
                .as((event, at) -> {
                    byte[] whole = event.json("fuzz-co", java.time.Instant.parse("2026-01-01T00:00:00Z"));
                    return java.util.Arrays.copyOf(whole, Math.min(at, whole.length));
                });
        Arbitrary<byte[]> brokenUtf8 = Arbitraries.of(
                        new byte[] {(byte) 0xc3},
                        new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                        new byte[] {(byte) 0xc0, (byte) 0x80},
                        new byte[] {(byte) 0xff},
                        new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80})
                .map(bad -> ("{\"eventId\":\"a" + new String(bad, StandardCharsets.ISO_8859_1) + "\"}")
                        .getBytes(StandardCharsets.ISO_8859_1));
        return Arbitraries.oneOf(random, cut, brokenUtf8);
    }

    private static Arbitrary<GeneratedEvent> events(boolean escapeNonAscii) {
        Arbitrary<Drawn> eventId = field(HostileText.visibleName(128), 12);
        Arbitrary<Drawn> eventName = field(HostileText.visibleName(200), 12);
        Arbitrary<Drawn> developerId = field(HostileText.visibleName(128), 12);
        Arbitrary<Drawn> email = field(HostileText.storable(320), 12);
        Arbitrary<Drawn> otherAccount = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(new Drawn(null, true))),
                Tuple.of(2, field(HostileText.storable(320), 12)));
        Arbitrary<Drawn> properties = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(new Drawn(null, true))),
                Tuple.of(3, JsonText.properties(escapeNonAscii).map(json -> new Drawn(json.text(), json.storable()))));
        Arbitrary<Drawn> garbageTime = Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.just(new Drawn(null, true))),
                Tuple.of(
                        1,
                        Arbitraries.oneOf(
                                        HostileText.any(4),
                                        Arbitraries.of(
                                                "2026-11-20T13:45:12",
                                                "2026-11-20 13:45:12Z",
                                                "2026-02-30T00:00:00Z",
                                                "2026-11-20T23:59:60Z",
                                                "+292278994-08-17T07:12:55.807Z",
                                                "2026-11-20T13:45:12+25:00",
                                                "1999-12-31T23:59:59.999Z",
                                                "2026-11-20T13:45:12.1234567890Z"))
                                .map(text -> new Drawn(text, false))));
        Arbitrary<TimeShape> time = Combinators.combine(
                        Arbitraries.integers().between(-18 * 60, 18 * 60),
                        Arbitraries.integers().between(0, 9),
                        Arbitraries.integers().between(0, 999_999))
                .as(TimeShape::new);
        return Combinators.combine(eventId, eventName, developerId, email, otherAccount, properties, garbageTime, time)
                .as((id, name, developer, mail, other, props, garbage, shape) -> new GeneratedEvent(
                        id.value(),
                        name.value(),
                        developer.value(),
                        mail.value(),
                        other.value(),
                        props.value(),
                        shape,
                        garbage.value(),
                        escapeNonAscii,
                        id.clean()
                                && name.clean()
                                && developer.clean()
                                && mail.clean()
                                && other.clean()
                                && props.clean()
                                && garbage.clean()));
    }

    /** Mostly the accepted kind; one time in {@code oneIn}, anything at all. */
    private static Arbitrary<Drawn> field(Arbitrary<String> accepted, int oneIn) {
        return Arbitraries.frequencyOf(
                Tuple.of(oneIn - 1, accepted.map(value -> new Drawn(value, true))),
                Tuple.of(1, HostileText.any(10).map(value -> new Drawn(value, false))));
    }
}

package io.securityexport.testsupport.fuzz;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.stream.Stream;

/**
 * One {@code security-events} value as a careless producer or an attacker might send it: what each field was meant
 * to be, and the JSON text that says so. {@code clean} means every field was drawn from what the contract accepts,
 * so the record must be stored and exported exactly; otherwise it may also be dead-lettered, with a reason.
 *
 * @param properties the JSON text of {@code properties}, or {@code null} for none
 * @param garbageTime a broken {@code occurredAt} text, or {@code null} for a real instant in {@code time}'s shape
 */
public record GeneratedEvent(
        String eventId,
        String eventName,
        String developerId,
        String email,
        String otherAccount,
        String properties,
        TimeShape time,
        String garbageTime,
        boolean escapeNonAscii,
        boolean clean) {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    /**
     * How an instant is written: the offset it is given in, how many fraction digits (0–9), and the part below a
     * millisecond, so that any base instant a whole millisecond apart from another stays apart after parsing.
     */
    public record TimeShape(int offsetMinutes, int fractionDigits, int subMilliNanos) {}

    /** The record value, for {@code companyId}, occurring at {@code base} (whole milliseconds) plus the shape's part. */
    public byte[] json(String companyId, Instant base) {
        StringBuilder json = new StringBuilder("{");
        json.append("\"eventId\":").append(quote(eventId));
        json.append(",\"companyId\":").append(quote(companyId));
        json.append(",\"occurredAt\":").append(quote(garbageTime != null ? garbageTime : occurredAtText(base)));
        json.append(",\"eventName\":").append(quote(eventName));
        json.append(",\"actor\":{\"developerId\":")
                .append(quote(developerId))
                .append(",\"email\":")
                .append(quote(email))
                .append('}');
        json.append(",\"otherAccount\":").append(otherAccount == null ? "null" : quote(otherAccount));
        json.append(",\"properties\":").append(properties == null ? "null" : properties);
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The instant the platform must record: what the text says, to the microsecond PostgreSQL keeps. */
    public Instant expectedOccurredAt(Instant base) {
        return written(base).truncatedTo(ChronoUnit.MICROS);
    }

    /** Whether a text field holds NUL or an unpaired surrogate, which must be refused as UNSUPPORTED_CHARACTER. */
    public boolean holdsUnstorableText() {
        return Stream.of(eventId, eventName, developerId, email, otherAccount)
                .anyMatch(text -> text != null && HostileText.unstorable(text));
    }

    private String occurredAtText(Instant base) {
        Instant instant = written(base);
        ZoneOffset offset = ZoneOffset.ofTotalSeconds(time.offsetMinutes() * 60);
        LocalDateTime local = LocalDateTime.ofInstant(instant, offset);
        String fraction = time.fractionDigits() == 0
                ? ""
                : "." + String.format("%09d", local.getNano()).substring(0, time.fractionDigits());
        return SECONDS.format(local) + fraction + offset.getId();
    }

    /** The base plus the sub-millisecond part, cut to the digits the text shows. */
    private Instant written(Instant base) {
        Instant exact = base.plusNanos(time.subMilliNanos());
        long nanos = exact.getNano();
        long unit = (long) Math.pow(10, 9 - time.fractionDigits());
        return exact.minusNanos(nanos % unit);
    }

    private String quote(String text) {
        return JsonText.quote(text, escapeNonAscii);
    }
}

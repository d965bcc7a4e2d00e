package io.securityexport.common.event;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Reads {@code occurredAt} exactly as {@code OffsetDateTime.parse(text).toInstant()} does, with a short way for the
 * shape producers send ({@code 2026-11-20T13:45:12.123Z}, {@code …+01:00}).
 *
 * <p>Measured reason (BENCHMARKS.md, issue 13): the DateTimeFormatter's general parser (a map of fields per call,
 * then resolution) was about a tenth of the ingest service's CPU. The short way takes only {@code yyyy-MM-ddTHH:mm:ss},
 * an optional fraction of 1–9 digits, and {@code Z} or {@code ±HH:MM}, checks the values with the same java.time
 * factories, and hands everything else — other shapes, lower case, invalid values — to {@code OffsetDateTime.parse},
 * so what is accepted and refused does not change.
 */
final class IsoInstant {

    private IsoInstant() {}

    /** @throws DateTimeParseException as {@code OffsetDateTime.parse} throws it */
    static Instant parse(String text) {
        Instant quick = quick(text);
        return quick != null ? quick : OffsetDateTime.parse(text).toInstant();
    }

    /** The instant for the common shape, or null when the text takes the general parser's way. */
    private static Instant quick(String text) {
        int length = text.length();
        if (length < 20
                || text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || text.charAt(10) != 'T'
                || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        int at = 19;
        int nanos = 0;
        if (text.charAt(at) == '.') {
            int start = ++at;
            while (at < length && at - start < 10 && isDigit(text.charAt(at))) {
                nanos = nanos * 10 + (text.charAt(at) - '0');
                at++;
            }
            int count = at - start;
            if (count < 1 || count > 9) {
                return null;
            }
            for (int i = count; i < 9; i++) {
                nanos *= 10;
            }
        }
        int offsetSeconds = offsetSeconds(text, at);
        if (offsetSeconds == Integer.MIN_VALUE || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        try {
            long epochDay = LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(
                    epochDay * 86_400 + hour * 3_600 + minute * 60 + second - offsetSeconds, nanos);
        } catch (RuntimeException e) {
            return null; // e.g. February 30th: the general parser says why
        }
    }

    /** {@code Z} or {@code ±HH:MM} ending the text, in seconds east of UTC; MIN_VALUE for anything else. */
    private static int offsetSeconds(String text, int at) {
        int rest = text.length() - at;
        if (rest == 1 && text.charAt(at) == 'Z') {
            return 0;
        }
        if (rest != 6 || text.charAt(at + 3) != ':') {
            return Integer.MIN_VALUE;
        }
        char sign = text.charAt(at);
        int hours = digits(text, at + 1, 2);
        int minutes = digits(text, at + 4, 2);
        if ((sign != '+' && sign != '-') || hours < 0 || minutes < 0 || (sign == '-' && hours == 0 && minutes == 0)) {
            return Integer.MIN_VALUE;
        }
        try {
            int sign1 = sign == '+' ? 1 : -1;
            return ZoneOffset.ofHoursMinutes(sign1 * hours, sign1 * minutes).getTotalSeconds();
        } catch (RuntimeException e) {
            return Integer.MIN_VALUE;
        }
    }

    /** The value of {@code count} ASCII digits at {@code from}, or -1 if any is not one. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}

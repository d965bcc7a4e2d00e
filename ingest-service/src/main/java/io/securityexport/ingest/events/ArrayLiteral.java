package io.securityexport.ingest.events;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;

/**
 * One column of a batch as a PostgreSQL array literal, {@code {"a","b\"c",NULL}}, bound as a single text parameter
 * and cast to an array in SQL ({@code $3::text[]}).
 *
 * <p>Measured reason (BENCHMARKS.md, issue 13): binding {@code String[]} let r2dbc-postgresql's array encoder write
 * the same literal, but it copies every element through a StringBuilder of its own and grows one more for the whole
 * array from the default size; with 5,000-record batches that, and {@code Instant.toString()} for the timestamps,
 * was about a third of the service's CPU. This writes the same literal once into a buffer sized up front.
 */
final class ArrayLiteral {

    private ArrayLiteral() {}

    /** Elements quoted, {@code "} and {@code \} escaped with a backslash (as array_in reads them); null is NULL. */
    static <T> String ofText(List<T> rows, Function<T, String> field) {
        int size = 2;
        for (T row : rows) {
            String value = field.apply(row);
            size += value == null ? 5 : value.length() + 3;
        }
        StringBuilder literal = new StringBuilder(size + size / 64);
        literal.append('{');
        for (int i = 0; i < rows.size(); i++) {
            if (i > 0) {
                literal.append(',');
            }
            String value = field.apply(rows.get(i));
            if (value == null) {
                literal.append("NULL");
            } else {
                quoted(literal, value);
            }
        }
        return literal.append('}').toString();
    }

    /** Instants as {@code 2026-11-20T13:45:12.123456Z}: the microseconds PostgreSQL keeps, in UTC. */
    static <T> String ofInstants(List<T> rows, Function<T, Instant> field) {
        StringBuilder literal = new StringBuilder(2 + rows.size() * 30);
        literal.append('{');
        for (int i = 0; i < rows.size(); i++) {
            if (i > 0) {
                literal.append(',');
            }
            instant(literal, field.apply(rows.get(i)));
        }
        return literal.append('}').toString();
    }

    /**
     * String.replace and append(String) copy whole arrays (appending a range of a String goes char by char), which
     * matters for properties: JSON always holds quotes.
     */
    private static void quoted(StringBuilder literal, String value) {
        String escaped = value;
        if (escaped.indexOf('\\') >= 0) {
            escaped = escaped.replace("\\", "\\\\");
        }
        if (escaped.indexOf('"') >= 0) {
            escaped = escaped.replace("\"", "\\\"");
        }
        literal.append('"').append(escaped).append('"');
    }

    /**
     * Written field by field: {@code Instant.toString()} goes through a DateTimeFormatter, which showed in the profile.
     * Validation keeps occurredAt between 2000 and tomorrow; any other year takes the formatter's way.
     */
    static void instant(StringBuilder literal, Instant instant) {
        LocalDateTime time = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
        if (time.getYear() < 1000 || time.getYear() > 9999) {
            literal.append(instant);
            return;
        }
        literal.append(time.getYear()).append('-');
        twoDigits(literal, time.getMonthValue()).append('-');
        twoDigits(literal, time.getDayOfMonth()).append('T');
        twoDigits(literal, time.getHour()).append(':');
        twoDigits(literal, time.getMinute()).append(':');
        twoDigits(literal, time.getSecond()).append('.');
        int micros = time.getNano() / 1000;
        for (int unit = 100_000; unit > 0; unit /= 10) {
            literal.append((char) ('0' + micros / unit % 10));
        }
        literal.append('Z');
    }

    private static StringBuilder twoDigits(StringBuilder literal, int value) {
        return literal.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }
}

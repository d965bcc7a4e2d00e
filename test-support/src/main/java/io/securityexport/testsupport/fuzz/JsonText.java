package io.securityexport.testsupport.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON text written the way producers write it — our own writer, so that what is sent does not depend on the Jackson
 * configuration under test: optional whitespace, every escape form, numbers at the limits of double and long, deep
 * nesting, and (when asked) unpaired surrogates as {@code \ud800} escapes, which UTF-8 cannot carry raw.
 */
public final class JsonText {

    /** Numbers whose exact value a JSON reader must keep; several do not fit a double or a long. */
    private static final List<String> NUMBERS = List.of(
            "0",
            "-0",
            "1",
            "-1",
            "0.0",
            "-0.0",
            "1.0",
            "1.50",
            "0.1",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775809",
            "18446744073709551616",
            "1e308",
            "1.7976931348623157e309",
            "4.9e-324",
            "1e-400",
            "1E+2",
            "2.5e-5",
            "-1.5E-10",
            "0.1000000000000000055511151231257827021181583404541015625",
            "123456789012345678901234567890.123456789012345678901234567890",
            "1" + "0".repeat(300));

    /** An independent reading of JSON text, decimals kept exactly (as BigDecimal). */
    private static final JsonMapper REFERENCE = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private JsonText() {}

    /**
     * Whether two JSON texts say the same: the same keys in the same order, the same strings, and numbers of the same
     * value whatever their notation ({@code 2.5E17} and {@code 250000000000000000}, {@code -0.0} and {@code 0.0}).
     */
    public static boolean sameJson(String a, String b) {
        return REFERENCE.readTree(a).equals(JsonText::compareNodes, REFERENCE.readTree(b))
                && keyOrder(REFERENCE.readTree(a)).equals(keyOrder(REFERENCE.readTree(b)));
    }

    private static int compareNodes(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    }

    /** Every object's keys in document order: JSON equality ignores order, the file must not. */
    private static List<String> keyOrder(JsonNode node) {
        List<String> keys = new ArrayList<>();
        if (node.isObject()) {
            for (var field : node.properties()) {
                keys.add(field.getKey());
                keys.addAll(keyOrder(field.getValue()));
            }
        } else if (node.isArray()) {
            node.forEach(element -> keys.addAll(keyOrder(element)));
        }
        return keys;
    }

    /** A generated JSON value as text, and whether every string in it (keys too) can be stored as is. */
    public record Value(String text, boolean storable) {}

    /** A JSON object of hostile keys and values, up to three levels deep; now and then one far too deep for any reader. */
    public static Arbitrary<Value> properties(boolean escapeNonAscii) {
        Arbitrary<Value> nested =
                Arbitraries.recursive(() -> leaf(escapeNonAscii), inner -> container(inner, escapeNonAscii), 0, 3);
        Arbitrary<Value> object = object(nested, escapeNonAscii);
        Arbitrary<Value> tooDeep = Arbitraries.integers()
                .between(400, 1500)
                .map(depth -> new Value("{\"deep\":" + "[".repeat(depth) + "]".repeat(depth) + "}", false));
        return Arbitraries.frequencyOf(Tuple.of(30, object), Tuple.of(1, tooDeep));
    }

    /** {@code text} as a JSON string literal. */
    public static String quote(String text, boolean escapeNonAscii) {
        StringBuilder json = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c)
                            && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1))
                    || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\t' -> json.append("\\t");
                case '/' -> json.append(escapeNonAscii ? "\\/" : "/");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c) && !paired || c > 0x7e && escapeNonAscii) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }

    private static Arbitrary<Value> leaf(boolean escapeNonAscii) {
        return Arbitraries.frequencyOf(
                Tuple.of(
                        4,
                        HostileText.any(6)
                                .map(text -> new Value(quote(text, escapeNonAscii), !HostileText.unstorable(text)))),
                Tuple.of(2, Arbitraries.of(NUMBERS).map(number -> new Value(number, true))),
                Tuple.of(1, Arbitraries.longs().map(number -> new Value(Long.toString(number), true))),
                Tuple.of(1, Arbitraries.doubles().map(number -> new Value(Double.toString(number), true))),
                Tuple.of(1, Arbitraries.of("true", "false", "null").map(literal -> new Value(literal, true))));
    }

    private static Arbitrary<Value> container(Arbitrary<Value> inner, boolean escapeNonAscii) {
        Arbitrary<Value> array = Combinators.combine(inner.list().ofMaxSize(4), space())
                .as((elements, space) -> new Value(
                        "[" + space
                                + String.join(
                                        "," + space,
                                        elements.stream().map(Value::text).toList()) + "]",
                        elements.stream().allMatch(Value::storable)));
        return Arbitraries.oneOf(array, object(inner, escapeNonAscii), inner);
    }

    /** Keys are unique: a duplicate key is its own rule (refused), tested apart. */
    private static Arbitrary<Value> object(Arbitrary<Value> values, boolean escapeNonAscii) {
        return Combinators.combine(
                        HostileText.any(3).list().ofMaxSize(4).uniqueElements(),
                        values.list().ofSize(4),
                        space())
                .as((keys, members, space) -> {
                    List<String> written = new ArrayList<>();
                    boolean storable = true;
                    int i = 0;
                    for (String key : new LinkedHashSet<>(keys)) {
                        Value value = members.get(i++);
                        written.add(quote(key, escapeNonAscii) + space + ":" + space + value.text());
                        storable &= value.storable() && !HostileText.unstorable(key);
                    }
                    return new Value("{" + space + String.join("," + space, written) + space + "}", storable);
                });
    }

    private static Arbitrary<String> space() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just("")), Tuple.of(1, Arbitraries.of(" ", "\n  ", "\t", "\r\n")));
    }
}

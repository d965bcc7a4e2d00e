package io.securityexport.testsupport.fuzz;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Text as careless producers and attackers write it: every kind of character that has broken a database, a CSV file
 * or a reader somewhere — NUL and other controls, unpaired surrogates, direction overrides, zero-width and no-break
 * spaces, combining marks, emoji sequences, CJK and Hangul, quotes, commas, backslashes and COPY's own markers.
 */
public final class HostileText {

    /** One character or short sequence each; strings are drawn as runs of these. */
    private static final List<String> CONTROLS =
            List.of("\u0000", "\u0001", "\t", "\n", "\r", "\r\n", "\u001b", "\u007f", "\u0085", "\u009f");

    private static final List<String> UNPAIRED_SURROGATES = List.of("\ud800", "\udbff", "\udc00", "\udfff");
    private static final List<String> INVISIBLE = List.of(
            " ", "\u00a0", "\u2007", "\u202f", "\u3000", "\u2028", "\u2029", "\u200b", "\u200c", "\u200d", "\u200e",
            "\u200f", "\u202e", "\u2066", "\u2069", "\ufeff");
    private static final List<String> VISIBLE = List.of(
            "a",
            "Z",
            "0",
            "9",
            "é",
            "ß",
            "Ω",
            "Ж",
            "日本語",
            "한국어",
            "カタカナ",
            "中文",
            "עברית",
            "العربية",
            "e\u0301",
            "a\u0308\u0301\u20dd",
            "\u0489",
            "😀",
            "🔐",
            "👩\u200d💻",
            "🇯🇵",
            "𝕏",
            "\udbff\udfff",
            "\ufffd",
            "\ufffe",
            "\uffff",
            ",",
            "\"",
            "'",
            "\\",
            ";",
            "\\N",
            "\\.",
            "#",
            "=SUM(A1)",
            "+",
            "-",
            "@",
            "|",
            "{",
            "}",
            "[",
            "]",
            ":",
            "/",
            "<script>",
            "%s",
            "${x}",
            "NULL",
            "null",
            "true",
            "1e400",
            "DROP TABLE x;--");

    private HostileText() {}

    /** Anything at all, up to {@code maxRuns} runs, sometimes far beyond any limit. */
    public static Arbitrary<String> any(int maxRuns) {
        Arbitrary<String> run = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(VISIBLE)),
                Tuple.of(2, Arbitraries.of(INVISIBLE)),
                Tuple.of(1, Arbitraries.of(CONTROLS)),
                Tuple.of(1, Arbitraries.of(UNPAIRED_SURROGATES)),
                Tuple.of(2, Arbitraries.strings().ofMinLength(1).ofMaxLength(8)));
        return Arbitraries.frequencyOf(
                Tuple.of(20, run.list().ofMaxSize(maxRuns).map(runs -> String.join("", runs))),
                Tuple.of(
                        1,
                        run.list()
                                .ofMinSize(maxRuns * 4)
                                .ofMaxSize(maxRuns * 12)
                                .map(runs -> String.join("", runs))));
    }

    /**
     * Text every rule accepts as free text (an email, another account): anything but NUL and unpaired surrogates,
     * at most {@code maxCodePoints}.
     */
    public static Arbitrary<String> storable(int maxCodePoints) {
        Arbitrary<String> run = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(VISIBLE)),
                Tuple.of(2, Arbitraries.of(INVISIBLE)),
                Tuple.of(1, Arbitraries.of(CONTROLS).filter(control -> !control.equals("\u0000"))));
        return run.list()
                .ofMaxSize(40)
                .map(runs -> String.join("", runs))
                .filter(text -> text.codePointCount(0, text.length()) <= maxCodePoints);
    }

    /** A name as a person would accept it: something visible, any Unicode around it, no control characters. */
    public static Arbitrary<String> visibleName(int maxCodePoints) {
        Arbitrary<String> run = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(VISIBLE)),
                Tuple.of(
                        1,
                        Arbitraries.of(INVISIBLE).filter(space -> !space.equals("\u2028") && !space.equals("\u2029"))));
        return Combinators.combine(
                        Arbitraries.of(VISIBLE),
                        run.list().ofMaxSize(20),
                        Arbitraries.integers().between(0, 20))
                .as((visible, runs, at) -> {
                    runs.add(Math.min(at, runs.size()), visible);
                    return String.join("", runs);
                })
                .filter(text -> text.codePointCount(0, text.length()) <= maxCodePoints);
    }

    /** Whether {@code text} holds what PostgreSQL text cannot store: NUL or an unpaired surrogate. */
    public static boolean unstorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return true;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}

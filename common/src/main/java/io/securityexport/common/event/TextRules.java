package io.securityexport.common.event;

import java.util.Optional;

/**
 * What a text field of an event may hold, decided once for the parser (and shared with anyone who must agree).
 *
 * <p>Two limits come from where the text goes, not from taste: PostgreSQL {@code text} cannot hold U+0000 (NUL) —
 * the insert fails with {@code invalid byte sequence for encoding "UTF8": 0x00} — and an unpaired UTF-16 surrogate
 * (legal in JSON as {@code "\ud800"}) is not a Unicode character, so it has no UTF-8 form: Java's encoder silently
 * turns it into {@code ?}, which would alter the value on its way to the database. Everything else Unicode has is
 * stored and exported byte for byte (the CSV quotes CR, LF, commas and quotes).
 *
 * <p>The others are rules for names and identifiers: they must show something (not blank) and stay on one line
 * (no control characters), because people read and filter them.
 */
public final class TextRules {

    private TextRules() {}

    /**
     * The first character of {@code text} that no PostgreSQL text column can hold, described for an operator
     * ("U+0000 (NUL) at character 5"), or empty when every character can be stored.
     */
    public static Optional<String> unstorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return Optional.of("U+0000 (NUL) at character " + (text.codePointCount(0, i) + 1));
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++; // a well-formed pair: one supplementary character such as an emoji
            } else if (Character.isSurrogate(c)) {
                return Optional.of(String.format(
                        "an unpaired UTF-16 surrogate U+%04X at character %d", (int) c, text.codePointCount(0, i) + 1));
            }
        }
        return Optional.empty();
    }

    /**
     * Whether {@code text} shows nothing: empty, or only white space (including no-break and ideographic spaces,
     * line and paragraph separators) and invisible format characters (zero-width space, direction marks, BOM).
     */
    public static boolean isBlank(String text) {
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            if (!isInvisible(codePoint)) {
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }

    /** Whether {@code text} holds a control character (Unicode category Cc: U+0000–U+001F, U+007F–U+009F). */
    public static boolean hasControlCharacter(String text) {
        // every control character is a single UTF-16 unit, and no half of a surrogate pair is one
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** Length in characters (Unicode code points), so an emoji counts once, as a person would count it. */
    public static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    private static boolean isInvisible(int codePoint) {
        return Character.isWhitespace(codePoint)
                || Character.isSpaceChar(codePoint)
                || Character.getType(codePoint) == Character.FORMAT;
    }
}

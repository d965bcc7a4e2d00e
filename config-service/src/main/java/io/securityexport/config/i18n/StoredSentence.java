package io.securityexport.config.i18n;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an English sentence that was stored as text (a run's error, a check's message) back into the sentence it
 * was made from: the English pattern of a candidate code becomes a regular expression whose groups are the
 * arguments. Only patterns with plain {@code {n}} placeholders qualify, and a reading counts only when the arguments
 * give exactly the stored text again, so a stored sentence is never misread, only left in English.
 */
final class StoredSentence {

    private StoredSentence() {}

    /** The arguments, in placeholder order ({@code {0}}, {@code {1}}, …), if the text is this pattern's. */
    static Optional<List<String>> arguments(String pattern, String text) {
        Optional<Parsed> parsed = parse(pattern);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        Matcher matcher = parsed.get().regex().matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        List<String> args = new ArrayList<>();
        for (int i = 0; i < parsed.get().count(); i++) {
            String value = matcher.group("a" + i);
            if (value == null) {
                return Optional.empty(); // a placeholder number skipped in the pattern
            }
            args.add(value);
        }
        return Optional.of(args);
    }

    private record Parsed(Pattern regex, int count) {}

    private static Optional<Parsed> parse(String pattern) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        boolean[] seen = new boolean[10];
        int count = 0;
        boolean quoted = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\'') {
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '\'') {
                    literal.append('\'');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == '{' && !quoted) {
                int end = pattern.indexOf('}', i);
                String index = end < 0 ? "" : pattern.substring(i + 1, end);
                if (!index.matches("\\d")) {
                    return Optional.empty(); // a formatted placeholder ({0,choice,…}): not read back
                }
                int n = Integer.parseInt(index);
                regex.append(Pattern.quote(literal.toString()));
                literal.setLength(0);
                regex.append(seen[n] ? "\\k<a" + n + ">" : "(?<a" + n + ">.+?)");
                seen[n] = true;
                count = Math.max(count, n + 1);
                i = end;
            } else {
                literal.append(c);
            }
        }
        if (count == 0) {
            return Optional.empty();
        }
        regex.append(Pattern.quote(literal.toString()));
        return Optional.of(new Parsed(Pattern.compile(regex.toString(), Pattern.DOTALL), count));
    }
}

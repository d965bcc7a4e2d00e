package io.securityexport.config.i18n;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Turns {@link Sentence}s into text in a language the API speaks ({@link Languages#SUPPORTED}; English otherwise).
 * English is also the language of what is stored and logged: {@link #english}.
 */
@Component
public class Sentences {

    private final Bundles messages;

    Sentences(Bundles messages) {
        this.messages = messages;
    }

    /** For tests and tools without Spring: the same bundles, read the same way. */
    public static Sentences fromBundles() {
        return new Sentences(Languages.bundles());
    }

    public String text(Sentence sentence, Locale locale) {
        Object[] args = sentence.args().stream()
                .map(arg -> arg instanceof Sentence clause ? text(clause, locale) : arg)
                .toArray();
        return messages.getMessage(sentence.code(), args, locale);
    }

    public String english(Sentence sentence) {
        return text(sentence, Languages.ENGLISH);
    }

    /**
     * The sentence an English text stored earlier was made from, if it was made by one of these codes (tried in
     * order); a text with no arguments is matched as a whole. Arguments that are themselves such sentences are read
     * back too, so that a clause is said in the same language as the rest.
     */
    public Optional<Sentence> reread(String english, List<String> codes) {
        if (english == null) {
            return Optional.empty();
        }
        for (String code : codes) {
            String pattern = messages.pattern(code, Languages.ENGLISH);
            if (pattern == null) {
                continue;
            }
            Sentence plain = Sentence.of(code);
            if (english.equals(english(plain))) {
                return Optional.of(plain);
            }
            Optional<Sentence> read = StoredSentence.arguments(pattern, english)
                    .map(args -> new Sentence(
                            code,
                            args.stream()
                                    .<Object>map(arg -> clause(arg, english, codes))
                                    .toList()))
                    .filter(sentence -> english.equals(english(sentence)));
            if (read.isPresent()) {
                return read;
            }
        }
        return Optional.empty();
    }

    private Object clause(String arg, String whole, List<String> codes) {
        return arg.length() < whole.length()
                ? reread(arg, codes).map(Object.class::cast).orElse(arg)
                : arg;
    }
}

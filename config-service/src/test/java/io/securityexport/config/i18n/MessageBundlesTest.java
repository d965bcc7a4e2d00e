package io.securityexport.config.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The five bundles as a translator hands them in: the same keys everywhere, and every text a well-formed
 * MessageFormat pattern (French especially: an apostrophe written once would swallow the rest of the sentence).
 */
class MessageBundlesTest {

    private static final Map<String, Locale> BUNDLES = Map.of(
            "messages.properties", Locale.ENGLISH,
            "messages_fr.properties", Locale.FRENCH,
            "messages_ja.properties", Locale.JAPANESE,
            "messages_ko.properties", Locale.KOREAN,
            "messages_pt_BR.properties", Locale.forLanguageTag("pt-BR"));

    /** Numbers, so that choice formats ("1 day left") have something to choose on. */
    private static final Object[] SAMPLE_ARGS =
            IntStream.rangeClosed(1, 6).boxed().toArray();

    @Test
    void everyBundleHasExactlyTheKeysOfTheEnglishOne() {
        Set<String> english = load("messages.properties").stringPropertyNames();
        SoftAssertions softly = new SoftAssertions();
        BUNDLES.keySet()
                .forEach(bundle -> softly.assertThat(new TreeSet<>(load(bundle).stringPropertyNames()))
                        .as(bundle)
                        .containsExactlyElementsOf(new TreeSet<>(english)));
        softly.assertAll();
    }

    @Test
    void everyTextFormatsWithoutLeftoverPlaceholdersOrLostApostrophes() {
        SoftAssertions softly = new SoftAssertions();
        BUNDLES.forEach((bundle, locale) -> {
            Properties texts = load(bundle);
            for (String key : texts.stringPropertyNames()) {
                String pattern = texts.getProperty(key);
                String text = new MessageFormat(pattern, locale).format(SAMPLE_ARGS);
                softly.assertThat(text).as("%s %s", bundle, key).doesNotContain("{", "}");
                softly.assertThat(pattern.replace("''", ""))
                        .as("%s %s: an apostrophe must be written ''", bundle, key)
                        .doesNotContain("'");
                softly.assertThat(count(text, '\''))
                        .as("%s %s: apostrophes in the text", bundle, key)
                        .isEqualTo(count(pattern, '\'') / 2);
                softly.assertThat(text).as("%s %s", bundle, key).isNotBlank();
            }
        });
        softly.assertAll();
    }

    @Test
    void choiceFormatsSayOneDayAndSeveralDaysInEachLanguage() {
        Sentences sentences = Sentences.fromBundles();

        assertThat(sentences.english(Sentence.of("health.failing.pending", 1, "2026-11-02", "2026-12-03", 1)))
                .isEqualTo("exports are failing; 1 failed day(s) pending, the oldest, 2026-11-02, leaves the retention"
                        + " on 2026-12-03 (1 day left)");
        assertThat(sentences.text(
                        Sentence.of("health.failing.pending", 2, "2026-11-02", "2026-12-03", 3), Locale.FRENCH))
                .contains("2 jours en échec en attente")
                .contains("(3 jours restants)");
        assertThat(sentences.text(
                        Sentence.of("health.failing.pending", 1, "2026-11-02", "2026-12-03", 1),
                        Locale.forLanguageTag("pt-BR")))
                .contains("1 dia com falha pendente")
                .contains("(1 dia restante)");
    }

    @Test
    void aLanguageWithoutABundleIsAnsweredInEnglishWhateverTheServersOwnLocale() {
        Locale serverLocale = Locale.getDefault();
        try {
            Locale.setDefault(Locale.FRENCH);
            Sentences sentences = Sentences.fromBundles();

            assertThat(sentences.text(Sentence.of("field.required"), Locale.GERMAN))
                    .isEqualTo("is required");
        } finally {
            Locale.setDefault(serverLocale);
        }
    }

    private static int count(String text, char c) {
        return (int) text.chars().filter(ch -> ch == c).count();
    }

    private static Properties load(String bundle) {
        Properties properties = new Properties();
        try (InputStream in = MessageBundlesTest.class.getClassLoader().getResourceAsStream(bundle)) {
            assertThat(in).as(bundle).isNotNull();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return properties;
    }
}

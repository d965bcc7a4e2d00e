package io.securityexport.config.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Which language a request's Accept-Language gets. */
class AcceptLanguageTest {

    private static final Locale PT_BR = Locale.forLanguageTag("pt-BR");

    @Test
    void aRegionalVariantGetsItsLanguage() {
        assertThat(Languages.fromAcceptLanguage("fr-CA,fr;q=0.9")).isEqualTo(Locale.FRENCH);
        assertThat(Languages.fromAcceptLanguage("ja-JP")).isEqualTo(Locale.JAPANESE);
        assertThat(Languages.fromAcceptLanguage("ko-KR,ko;q=0.8,en;q=0.5")).isEqualTo(Locale.KOREAN);
    }

    @Test
    void anyPortugueseGetsBrazilianPortuguese() {
        assertThat(Languages.fromAcceptLanguage("pt-BR")).isEqualTo(PT_BR);
        assertThat(Languages.fromAcceptLanguage("pt")).isEqualTo(PT_BR);
        assertThat(Languages.fromAcceptLanguage("pt-PT")).isEqualTo(PT_BR);
    }

    @Test
    void qValuesDecideNotTheOrder() {
        assertThat(Languages.fromAcceptLanguage("de;q=1.0, fr;q=0.3, ja;q=0.8")).isEqualTo(Locale.JAPANESE);
        assertThat(Languages.fromAcceptLanguage("ja;q=0, fr")).isEqualTo(Locale.FRENCH);
    }

    @Test
    void englishWhenNothingMatchesNoneIsAskedOrTheHeaderIsBroken() {
        assertThat(Languages.fromAcceptLanguage("de")).isEqualTo(Locale.ENGLISH);
        assertThat(Languages.fromAcceptLanguage("de-CH, zh;q=0.5")).isEqualTo(Locale.ENGLISH);
        assertThat(Languages.fromAcceptLanguage("*")).isEqualTo(Locale.ENGLISH);
        assertThat(Languages.fromAcceptLanguage(null)).isEqualTo(Locale.ENGLISH);
        assertThat(Languages.fromAcceptLanguage("")).isEqualTo(Locale.ENGLISH);
        assertThat(Languages.fromAcceptLanguage("fr;q=nope,,;")).isEqualTo(Locale.ENGLISH);
    }
}

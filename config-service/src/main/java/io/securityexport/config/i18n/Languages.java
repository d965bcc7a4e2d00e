package io.securityexport.config.i18n;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.i18n.LocaleContext;
import org.springframework.context.i18n.SimpleLocaleContext;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import org.springframework.web.server.i18n.LocaleContextResolver;

/**
 * The languages the API speaks and how a request picks one: the first language of {@code Accept-Language} (by
 * q-value) that the API speaks, English when none is. Any Portuguese is answered in Brazilian Portuguese, any French
 * in French ({@code fr-CA} included). The texts are {@code messages*.properties} (UTF-8), read as
 * {@link java.text.MessageFormat} patterns always, so an apostrophe is written {@code ''} in every message, with or
 * without arguments.
 */
@Configuration(proxyBeanMethods = false)
class Languages {

    static final Locale ENGLISH = Locale.ENGLISH;
    static final Locale BRAZILIAN_PORTUGUESE = Locale.forLanguageTag("pt-BR");
    static final List<Locale> SUPPORTED =
            List.of(ENGLISH, Locale.FRENCH, Locale.JAPANESE, Locale.KOREAN, BRAZILIAN_PORTUGUESE);

    /** Named so that Boot's own message source and its problem-details handler use these bundles too. */
    @Bean
    Bundles messageSource() {
        return bundles();
    }

    /** Replaces WebFlux's default resolver (the request's first language, whatever it is). */
    @Bean(WebHttpHandlerBuilder.LOCALE_CONTEXT_RESOLVER_BEAN_NAME)
    LocaleContextResolver localeContextResolver() {
        return new AcceptLanguage();
    }

    /**
     * Without a bundle for the locale, the English base bundle: never the server's own locale, so a server running
     * with a French default never answers French to a client that asked for German.
     */
    static Bundles bundles() {
        Bundles source = new Bundles();
        source.setBasename("messages");
        source.setDefaultEncoding(StandardCharsets.UTF_8.name());
        source.setFallbackToSystemLocale(false);
        source.setDefaultLocale(ENGLISH);
        source.setAlwaysUseMessageFormat(true);
        return source;
    }

    /** The supported language for a requested locale: same language (pt: pt-BR), else English. */
    static Locale of(Locale requested) {
        if (requested == null) {
            return ENGLISH;
        }
        return SUPPORTED.stream()
                .filter(supported -> supported.getLanguage().equals(requested.getLanguage()))
                .findFirst()
                .orElse(ENGLISH);
    }

    /** The first acceptable language the API speaks; a malformed header is answered in English, not refused. */
    static Locale fromAcceptLanguage(String header) {
        if (header == null || header.isBlank()) {
            return ENGLISH;
        }
        List<Locale.LanguageRange> ranges;
        try {
            ranges = Locale.LanguageRange.parse(header); // ordered by q-value, highest first
        } catch (IllegalArgumentException malformed) {
            return ENGLISH;
        }
        return ranges.stream()
                .filter(range -> range.getWeight() > 0)
                .map(range -> range.getRange().split("-", 2)[0])
                .flatMap(language -> SUPPORTED.stream()
                        .filter(supported -> supported.getLanguage().equals(language)))
                .findFirst()
                .orElse(ENGLISH);
    }

    private static final class AcceptLanguage implements LocaleContextResolver {

        @Override
        public LocaleContext resolveLocaleContext(ServerWebExchange exchange) {
            return new SimpleLocaleContext(
                    fromAcceptLanguage(exchange.getRequest().getHeaders().getFirst(HttpHeaders.ACCEPT_LANGUAGE)));
        }

        @Override
        public void setLocaleContext(ServerWebExchange exchange, LocaleContext localeContext) {
            throw new UnsupportedOperationException("the language follows Accept-Language");
        }
    }
}

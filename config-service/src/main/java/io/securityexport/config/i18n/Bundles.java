package io.securityexport.config.i18n;

import java.util.Locale;
import org.springframework.context.support.ResourceBundleMessageSource;

/** The message bundles, which can also hand out a message's pattern as written (to read a stored sentence back). */
final class Bundles extends ResourceBundleMessageSource {

    String pattern(String code, Locale locale) {
        return resolveCodeWithoutArguments(code, locale);
    }
}

package io.securityexport.config.settings;

import java.util.Locale;
import reactor.core.publisher.Mono;

/**
 * What the settings view shows of the export's health. Implemented by the health feature, which reads the settings
 * and the runs; declared here so that the settings need not know it (it depends on them, not the other way round).
 */
public interface HealthSummary {

    /** The health of this company's export, as a JSON-ready value with its sentences in this language. */
    Mono<Object> summary(String companyId, Locale locale);
}

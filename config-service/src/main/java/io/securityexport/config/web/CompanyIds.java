package io.securityexport.config.web;

import io.securityexport.common.event.SecurityEventParser;
import reactor.core.publisher.Mono;

/** The company ID in a path must follow the same rule as in events (1-64 of [A-Za-z0-9_-]). */
public final class CompanyIds {

    private CompanyIds() {}

    public static Mono<String> checked(String companyId) {
        if (SecurityEventParser.isValidCompanyId(companyId)) {
            return Mono.just(companyId);
        }
        return Mono.error(InvalidFields.of("companyId", "field.companyId.format"));
    }
}

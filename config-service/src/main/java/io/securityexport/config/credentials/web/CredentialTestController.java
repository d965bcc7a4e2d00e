package io.securityexport.config.credentials.web;

import io.securityexport.config.credentials.CredentialTester;
import io.securityexport.config.settings.SettingsRequest;
import io.securityexport.config.settings.SettingsService;
import io.securityexport.config.web.CompanyIds;
import java.util.Locale;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST …/test}: Test Credentials for the settings in the body (unsaved; a left-out secret means the stored
 * one), or for the saved settings when there is no body. 200 with one result per check, or 429 when the company
 * ran it too often ({@code credential-test.rate-limit}).
 */
@RestController
@RequestMapping("/api/v1/companies/{companyId}/security-export/test")
class CredentialTestController {

    private final SettingsService settings;
    private final CredentialTester tester;
    private final CheckViews views;

    CredentialTestController(SettingsService settings, CredentialTester tester, CheckViews views) {
        this.settings = settings;
        this.tester = tester;
        this.views = views;
    }

    @PostMapping
    Mono<CheckViews.Report> test(
            @PathVariable String companyId, @RequestBody(required = false) Mono<SettingsRequest> body, Locale locale) {
        return CompanyIds.checked(companyId)
                .flatMap(company -> body.flatMap(unsaved -> settings.preview(company, unsaved.toChange()))
                        .switchIfEmpty(Mono.defer(() -> settings.get(company))))
                .flatMap(tester::requested)
                .map(report -> views.of(report, locale));
    }
}

package io.securityexport.config.settings.web;

import io.securityexport.config.settings.SettingsService;
import io.securityexport.config.web.CompanyIds;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/v1/companies/{companyId}/security-export")
class SettingsController {

    private final SettingsService settings;

    SettingsController(SettingsService settings) {
        this.settings = settings;
    }

    @GetMapping
    Mono<SettingsView> get(@PathVariable String companyId) {
        return CompanyIds.checked(companyId)
                .flatMap(settings::get)
                .map(SettingsView::of);
    }

    @PutMapping
    Mono<SettingsView> put(@PathVariable String companyId, @RequestBody SettingsRequest request) {
        return CompanyIds.checked(companyId)
                .flatMap(company -> settings.put(company, request.toChange()))
                .map(SettingsView::of);
    }

    @DeleteMapping
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> delete(@PathVariable String companyId) {
        return CompanyIds.checked(companyId)
                .flatMap(settings::delete);
    }
}

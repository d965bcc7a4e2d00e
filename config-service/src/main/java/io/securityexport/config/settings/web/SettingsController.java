package io.securityexport.config.settings.web;

import io.securityexport.config.settings.CredentialCheck;
import io.securityexport.config.settings.ExportCredentials;
import io.securityexport.config.settings.ExportSettings;
import io.securityexport.config.settings.ExternalIds;
import io.securityexport.config.settings.HealthSummary;
import io.securityexport.config.settings.SettingsRequest;
import io.securityexport.config.settings.SettingsService;
import io.securityexport.config.web.CompanyIds;
import io.securityexport.config.web.ETags;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/v1/companies/{companyId}/security-export")
class SettingsController {

    private final SettingsService settings;
    private final CredentialCheck credentialCheck;
    private final ExternalIds externalIds;
    private final HealthSummary health;

    SettingsController(
            SettingsService settings, CredentialCheck credentialCheck, ExternalIds externalIds, HealthSummary health) {
        this.settings = settings;
        this.credentialCheck = credentialCheck;
        this.externalIds = externalIds;
        this.health = health;
    }

    @GetMapping
    Mono<ResponseEntity<SettingsView>> get(@PathVariable String companyId, Locale locale) {
        return CompanyIds.checked(companyId).flatMap(settings::get).flatMap(saved -> view(saved, locale));
    }

    /**
     * Saves settings after Test Credentials passed; with {@code saveAnyway=true} they are saved even if it fails.
     * Changing existing settings needs {@code If-Match} with the ETag last read.
     */
    @PutMapping
    Mono<ResponseEntity<SettingsView>> put(
            @PathVariable String companyId,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestParam(defaultValue = "false") boolean saveAnyway,
            @RequestBody SettingsRequest request,
            @AuthenticationPrincipal Jwt token,
            Locale locale) {
        return CompanyIds.checked(companyId)
                .flatMap(company -> settings.put(
                        company,
                        request.toChange(),
                        ETags.version(ifMatch),
                        editor(token),
                        saveAnyway ? Mono::just : credentialCheck::passed))
                .flatMap(saved -> view(saved, locale));
    }

    @DeleteMapping
    Mono<ResponseEntity<Void>> delete(
            @PathVariable String companyId,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @AuthenticationPrincipal Jwt token) {
        return CompanyIds.checked(companyId)
                .flatMap(company -> settings.delete(company, ETags.version(ifMatch), editor(token)))
                .then(Mono.just(ResponseEntity.noContent().build()));
    }

    private static SettingsService.Editor editor(Jwt token) {
        String email = token.getClaimAsString("email");
        return new SettingsService.Editor(token.getSubject(), email == null ? "" : email);
    }

    private Mono<ResponseEntity<SettingsView>> view(ExportSettings saved, Locale locale) {
        Mono<String> externalId = saved.credentials() instanceof ExportCredentials.AssumeRole
                ? externalIds.of(saved.companyId())
                : Mono.just("");
        return Mono.zip(externalId, health.summary(saved.companyId(), locale))
                .map(found -> ResponseEntity.ok()
                        .eTag(ETags.of(saved.version()))
                        .body(SettingsView.of(saved, found.getT1().isEmpty() ? null : found.getT1(), found.getT2())));
    }
}

package io.securityexport.config.health.web;

import io.securityexport.config.health.ExportHealths;
import io.securityexport.config.health.HealthView;
import io.securityexport.config.web.CompanyIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.Locale;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
class HealthController {

    private final ExportHealths healths;

    HealthController(ExportHealths healths) {
        this.healths = healths;
    }

    /** Answers for a company without settings too (NOT_CONFIGURED): "is my export working?" has an answer then. */
    @GetMapping("/api/v1/companies/{companyId}/security-export/health")
    @Operation(
            summary = "The export's health at a glance",
            description = "One status — HEALTHY (every retained day that was attempted has been delivered), FAILING"
                    + " (a failure not yet cured: a failed day not delivered since, or a failure after the last"
                    + " success), AT_RISK (failing, and the oldest pending day leaves the retention within"
                    + " health.at-risk-within, 7 days by default), DISABLED (switched off: nothing is exported or"
                    + " retried), NOT_CONFIGURED (no settings) — with the last successful day, when the current streak"
                    + " of failures began, the failed days still pending (not delivered, still retained), the oldest of"
                    + " them with the day it leaves the retention and the days left, and the latest error code and"
                    + " sentence. Read scope suffices.")
    @ApiResponse(responseCode = "200", description = "the health; also for a company without settings")
    @ApiResponse(
            responseCode = "403",
            description = "the token belongs to another company or lacks the read scope",
            content = @Content(mediaType = "application/problem+json"))
    Mono<HealthView> health(@PathVariable String companyId, Locale locale) {
        return CompanyIds.checked(companyId).flatMap(healths::of).map(health -> healths.localized(health, locale));
    }
}

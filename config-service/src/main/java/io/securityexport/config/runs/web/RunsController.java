package io.securityexport.config.runs.web;

import io.securityexport.common.export.ExportJob;
import io.securityexport.config.runs.ExportRun;
import io.securityexport.config.runs.ExportRuns;
import io.securityexport.config.runs.RunErrors;
import io.securityexport.config.web.CompanyIds;
import io.securityexport.config.web.InvalidFields;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.LocalDate;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/v1/companies/{companyId}/security-export/runs")
class RunsController {

    private final ExportRuns runs;
    private final RunErrors errors;

    RunsController(ExportRuns runs, RunErrors errors) {
        this.runs = runs;
        this.errors = errors;
    }

    /** The most recent runs first. */
    @GetMapping
    Flux<ExportRun> history(@PathVariable String companyId, Locale locale) {
        return CompanyIds.checked(companyId).flatMapMany(runs::history).map(run -> errors.localized(run, locale));
    }

    /** Re-exports one UTC day (backfill); answers 202 with the queued run. */
    @PostMapping
    @Operation(
            summary = "Export (or re-export) one UTC day",
            description = "Today is allowed (what has arrived so far); future days are refused. Only while the export"
                    + " is configured and switched on: off means off.")
    @ApiResponse(responseCode = "202", description = "the run, queued")
    @ApiResponse(
            responseCode = "400",
            description = "no day, a malformed one, or one in the future (day-not-exportable)")
    @ApiResponse(
            responseCode = "409",
            description = "the export is switched off (export-disabled) or has no settings (export-not-configured);"
                    + " the detail says what to change",
            content = @Content(mediaType = "application/problem+json"))
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<ExportRun> request(@PathVariable String companyId, @RequestBody RunRequest request) {
        if (request.day() == null) {
            return Mono.error(InvalidFields.of("day", "field.day.required"));
        }
        return CompanyIds.checked(companyId)
                .flatMap(company -> runs.request(company, request.day(), ExportJob.Trigger.BACKFILL));
    }

    record RunRequest(LocalDate day) {}
}

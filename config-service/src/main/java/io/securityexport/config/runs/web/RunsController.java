package io.securityexport.config.runs.web;

import io.securityexport.common.export.ExportJob;
import io.securityexport.config.runs.ExportRun;
import io.securityexport.config.runs.ExportRuns;
import io.securityexport.config.runs.HistoryCursor;
import io.securityexport.config.runs.RunErrors;
import io.securityexport.config.web.CompanyIds;
import io.securityexport.config.web.InvalidFields;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/v1/companies/{companyId}/security-export/runs")
class RunsController {

    private static final int MAX_PAGE = 100;

    private final ExportRuns runs;
    private final RunErrors errors;

    RunsController(ExportRuns runs, RunErrors errors) {
        this.runs = runs;
        this.errors = errors;
    }

    /**
     * The most recent runs first, a page at a time: a {@code Link: <…?cursor=…>; rel="next"} header names the next
     * page while there is one.
     */
    @GetMapping
    @Operation(
            summary = "The run history, newest first, a page at a time",
            description = "limit: runs per page (1-100, default 100). While more runs follow, the answer has a Link"
                    + " header with rel=\"next\" naming the next page (the cursor is opaque).")
    Mono<ResponseEntity<List<ExportRun>>> history(
            @PathVariable String companyId,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String cursor,
            ServerHttpRequest request,
            Locale locale) {
        return CompanyIds.checked(companyId)
                .flatMap(company -> Mono.zip(pageSize(limit), position(cursor))
                        .flatMap(query -> runs.history(
                                company, query.getT1(), query.getT2().orElse(null))))
                .map(page -> {
                    ResponseEntity.BodyBuilder answer = ResponseEntity.ok();
                    page.next()
                            .ifPresent(next -> answer.header(
                                    HttpHeaders.LINK,
                                    "<"
                                            + UriComponentsBuilder.fromPath(
                                                            request.getPath().value())
                                                    .queryParamIfPresent("limit", Optional.ofNullable(limit))
                                                    .queryParam("cursor", next.encoded())
                                                    .build()
                                                    .toUriString()
                                            + ">; rel=\"next\""));
                    return answer.body(page.runs().stream()
                            .map(run -> errors.localized(run, locale))
                            .toList());
                });
    }

    private static Mono<Integer> pageSize(String limit) {
        if (limit == null) {
            return Mono.just(MAX_PAGE);
        }
        try {
            int size = Integer.parseInt(limit);
            if (size >= 1 && size <= MAX_PAGE) {
                return Mono.just(size);
            }
        } catch (NumberFormatException notANumber) {
            // refused below
        }
        return Mono.error(InvalidFields.of("limit", "field.limit.range", MAX_PAGE));
    }

    private static Mono<Optional<HistoryCursor>> position(String cursor) {
        if (cursor == null) {
            return Mono.just(Optional.empty());
        }
        return HistoryCursor.parse(cursor)
                .map(found -> Mono.just(Optional.of(found)))
                .orElseGet(() -> Mono.error(InvalidFields.of("cursor", "field.cursor.unknown")));
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

package io.securityexport.config.alerts.web;

import io.securityexport.config.alerts.AlertChannels;
import io.securityexport.config.alerts.Delivery;
import io.securityexport.config.alerts.NewChannel;
import io.securityexport.config.web.CompanyIds;
import io.securityexport.config.web.InvalidFields;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
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
@RequestMapping("/api/v1/companies/{companyId}/security-export/channels")
@Tag(name = "Notifications", description = "Where a company hears about failed and recovered exports")
class ChannelsController {

    private final AlertChannels channels;

    ChannelsController(AlertChannels channels) {
        this.channels = channels;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Create a webhook or e-mail channel",
            description = "A webhook's signing secret (whsec_…) is in this answer only: store it now, it cannot be"
                    + " read back. Webhook URLs must be https and resolve to public addresses.")
    @ApiResponse(responseCode = "201", description = "created; for a webhook with its signing secret")
    @ApiResponse(responseCode = "400", description = "a field is not acceptable; 'errors' names it")
    Mono<ChannelView> create(
            @PathVariable String companyId, @RequestBody ChannelRequest request, @AuthenticationPrincipal Jwt token) {
        return CompanyIds.checked(companyId)
                .flatMap(company -> channels.create(company, request.toNewChannel(), editor(token)))
                .map(created -> ChannelView.of(created.channel(), created.secret()));
    }

    @GetMapping
    @Operation(summary = "The company's channels (never a secret)")
    Flux<ChannelView> list(@PathVariable String companyId) {
        return CompanyIds.checked(companyId).flatMapMany(channels::list).map(channel -> ChannelView.of(channel, null));
    }

    @DeleteMapping("/{channelId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a channel, its secret and its delivery log")
    @ApiResponse(responseCode = "404", description = "no such channel for this company")
    Mono<Void> delete(
            @PathVariable String companyId, @PathVariable String channelId, @AuthenticationPrincipal Jwt token) {
        return CompanyIds.checked(companyId).flatMap(company -> channels.delete(company, id(channelId), editor(token)));
    }

    @PostMapping("/{channelId}/test")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(
            summary = "Send a test notification",
            description = "Queued and sent right away; its delivery (GET …/deliveries) shows how it went. A FAILING"
                    + " channel whose test succeeds is ACTIVE again.")
    Mono<Delivery> test(@PathVariable String companyId, @PathVariable String channelId) {
        return CompanyIds.checked(companyId).flatMap(company -> channels.test(company, id(channelId)));
    }

    @GetMapping("/{channelId}/deliveries")
    @Operation(summary = "The channel's delivery log, newest first: status, attempts, last answer")
    Flux<Delivery> deliveries(@PathVariable String companyId, @PathVariable String channelId) {
        return CompanyIds.checked(companyId).flatMapMany(company -> channels.deliveries(company, id(channelId)));
    }

    private static UUID id(String channelId) {
        try {
            return UUID.fromString(channelId);
        } catch (IllegalArgumentException e) {
            throw InvalidFields.of("channelId", "field.channelId.format");
        }
    }

    private static AlertChannels.Editor editor(Jwt token) {
        String email = token.getClaimAsString("email");
        return new AlertChannels.Editor(token.getSubject(), email == null ? "" : email);
    }

    /** The body of a new channel; {@code addresses} for email, {@code url} for webhook. */
    record ChannelRequest(String kind, String url, List<String> addresses) {

        NewChannel toNewChannel() {
            return new NewChannel(kind, url, addresses);
        }
    }
}

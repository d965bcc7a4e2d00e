package io.securityexport.config.trust.web;

import io.securityexport.common.export.FolderPath;
import io.securityexport.config.ConfigProperties;
import io.securityexport.config.settings.ExportSettings;
import io.securityexport.config.settings.ExternalIds;
import io.securityexport.config.settings.SettingsNotFound;
import io.securityexport.config.settings.SettingsRules;
import io.securityexport.config.settings.SettingsService;
import io.securityexport.config.trust.AwsPolicies;
import io.securityexport.config.web.CompanyIds;
import io.securityexport.config.web.FieldProblem;
import io.securityexport.config.web.InvalidFields;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET …/aws-trust}: what the admin needs to set up the role method — the platform's account ID, the
 * company's external ID, and the two policies ready to paste. The bucket and folder come from the query, else from
 * the saved settings, else placeholders to replace.
 */
@RestController
@RequestMapping("/api/v1/companies/{companyId}/security-export/aws-trust")
class AwsTrustController {

    private final ExternalIds externalIds;
    private final SettingsService settings;
    private final ConfigProperties properties;

    AwsTrustController(ExternalIds externalIds, SettingsService settings, ConfigProperties properties) {
        this.externalIds = externalIds;
        this.settings = settings;
        this.properties = properties;
    }

    record AwsTrust(
            String accountId,
            String externalId,
            String bucket,
            String folderPath,
            ObjectNode permissionPolicy,
            ObjectNode trustPolicy) {}

    @GetMapping
    Mono<AwsTrust> trust(
            @PathVariable String companyId,
            @RequestParam(required = false) String bucket,
            @RequestParam(required = false) String folderPath) {
        return CompanyIds.checked(companyId)
                .flatMap(company -> checkedQuery(bucket, folderPath).thenReturn(company))
                .flatMap(company -> externalIds
                        .of(company)
                        .zipWith(saved(company))
                        .map(both -> {
                            String theBucket =
                                    bucket != null ? bucket : both.getT2().bucket();
                            String theFolder = folderPath != null
                                    ? folderPath
                                    : both.getT2().folderPath();
                            String account = properties.platform().accountId();
                            return new AwsTrust(
                                    account,
                                    both.getT1(),
                                    theBucket,
                                    theFolder,
                                    AwsPolicies.permissionPolicy(theBucket, theFolder),
                                    AwsPolicies.trustPolicy(account, both.getT1()));
                        }));
    }

    /**
     * The query's bucket and folder go into policies the admin pastes, so they follow the settings' rules: a bucket
     * of {@code *} would otherwise produce a policy for every bucket of the account.
     */
    private static Mono<Void> checkedQuery(String bucket, String folderPath) {
        List<FieldProblem> problems = new ArrayList<>();
        if (bucket != null) {
            SettingsRules.bucketProblem(bucket).ifPresent(m -> problems.add(new FieldProblem("bucket", m)));
        }
        if (folderPath != null) {
            SettingsRules.folderPathProblem(folderPath).ifPresent(m -> problems.add(new FieldProblem("folderPath", m)));
        }
        return problems.isEmpty() ? Mono.empty() : Mono.error(new InvalidFields(problems));
    }

    private record Target(String bucket, String folderPath) {}

    private Mono<Target> saved(String companyId) {
        return settings.get(companyId)
                .map((ExportSettings saved) ->
                        new Target(saved.bucket(), saved.folderPath().value()))
                .onErrorResume(
                        SettingsNotFound.class,
                        missing -> Mono.just(new Target("YOUR-BUCKET", FolderPath.DEFAULT.value())));
    }
}

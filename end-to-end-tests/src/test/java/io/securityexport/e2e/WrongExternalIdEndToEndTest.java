package io.securityexport.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.securityexport.testsupport.Infrastructure;
import io.securityexport.testsupport.TestResources;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A role-method company whose role trusts another external ID than the one the platform holds for the company (a
 * trust policy pasted from another tenant's aws-trust, or typed by hand): the export must fail with a message that
 * says what to fix, and write nothing.
 */
class WrongExternalIdEndToEndTest {

    private static final String COMPANY = "mistrust-co";

    private static SystemUnderTest system;
    private static Infrastructure infrastructure;
    private static String bucket;

    @BeforeAll
    static void startTheSystem() {
        system = new SystemUnderTest("mistrust");
        infrastructure = system.infrastructure;
        bucket = TestResources.uniqueName("mistrust-audit");
        infrastructure.s3().createBucket(bucket);
    }

    @AfterAll
    static void stopTheSystem() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void aRoleTrustingAnotherExternalIdFailsTheRunWithWhatToFixInTheTrustPolicyAndWritesNothing() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String externalId = system.get(COMPANY, "/aws-trust?bucket=" + bucket).get("externalId").asString();
        String roleArn = "arn:aws:iam::210987654321:role/security-export-mistrust-co";
        // the customer's role requires an external ID, but not the one the platform sends for this company
        infrastructure.sts().defineRole(roleArn, Optional.of("sx-00000000000000000000000000000000"));
        int assumedBefore = infrastructure.sts().assumeRoleCalls();
        var saved = system.putSettings(COMPANY, """
                {"bucket":"%s","credentials":{"method":"ROLE_ARN","roleArn":"%s"}}""".formatted(bucket, roleArn), true);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);

        JsonNode run = system.exportAndAwait(COMPANY, today);

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("FAILED");
        assertThat(run.get("errorMessage").asString()).as("what the admin must change, in the run history")
                .contains(roleArn)
                .containsIgnoringCase("trust policy")
                .contains("sts:ExternalId")
                .contains(externalId);
        assertThat(infrastructure.sts().assumeRoleCalls()).as("no role was assumed").isEqualTo(assumedBefore);
        assertThat(infrastructure.s3().listKeys(bucket)).as("no object written").isEmpty();
        assertThat(infrastructure.s3().client().listMultipartUploads(list -> list.bucket(bucket)).uploads())
                .as("no upload begun").isEmpty();
    }
}

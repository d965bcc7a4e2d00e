package io.securityexport.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * A role-method company whose role trusts another external ID than the one the platform holds for the company (a
 * trust policy pasted from another tenant's aws-trust, or typed by hand): the export must fail with a message that
 * says what to fix, and write nothing.
 */
class WrongExternalIdEndToEndTest {

    private static final String COMPANY = "mistrust-co";

    @RegisterExtension
    static final EndToEndSystem E2E = EndToEndSystem.named("mistrust");

    @Test
    void aRoleTrustingAnotherExternalIdFailsTheRunWithWhatToFixInTheTrustPolicyAndWritesNothing() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String externalId = E2E.system()
                .get(COMPANY, "/aws-trust?bucket=" + E2E.bucket())
                .get("externalId")
                .asString();
        String roleArn = "arn:aws:iam::210987654321:role/security-export-mistrust-co";
        // the customer's role requires an external ID, but not the one the platform sends for this company
        E2E.infrastructure().sts().defineRole(roleArn, Optional.of("sx-00000000000000000000000000000000"));
        int assumedBefore = E2E.infrastructure().sts().assumeRoleCalls();
        var saved = E2E.system().putSettings(COMPANY, """
                {"bucket":"%s","credentials":{"method":"ROLE_ARN","roleArn":"%s"}}""".formatted(E2E.bucket(), roleArn), true);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);

        JsonNode run = E2E.system().exportAndAwait(COMPANY, today);

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("FAILED");
        assertThat(run.get("errorMessage").asString())
                .as("what the admin must change, in the run history")
                .contains(roleArn)
                .containsIgnoringCase("trust policy")
                .contains("sts:ExternalId")
                .contains(externalId);
        assertThat(E2E.infrastructure().sts().assumeRoleCalls())
                .as("no role was assumed")
                .isEqualTo(assumedBefore);
        assertThat(E2E.infrastructure().s3().listKeys(E2E.bucket()))
                .as("no object written")
                .isEmpty();
        assertThat(E2E.infrastructure()
                        .s3()
                        .client()
                        .listMultipartUploads(list -> list.bucket(E2E.bucket()))
                        .uploads())
                .as("no upload begun")
                .isEmpty();
    }
}

package io.securityexport.config.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.securityexport.aws.AwsFailure;
import io.securityexport.aws.CustomerCredentials;
import io.securityexport.config.i18n.Sentences;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sts.model.StsException;

/** A run's stored English error said again in the admin's language, without Spring. */
class RunErrorsTest {

    private static final Locale JA = Locale.JAPANESE;
    private static final RunErrors ERRORS = new RunErrors(Sentences.fromBundles());

    @Test
    void anAwsRefusalIsSaidInTheLanguageWithAwsOwnWordsKept() {
        String stored = AwsFailure.of(S3Exception.builder()
                        .statusCode(403)
                        .awsErrorDetails(AwsErrorDetails.builder()
                                .serviceName("S3")
                                .errorCode("AccessDenied")
                                .errorMessage("Access Denied")
                                .build())
                        .build())
                .message();

        assertThat(stored).isEqualTo("S3 answered 403 AccessDenied: Access Denied");
        assertThat(ERRORS.message(stored, JA)).isEqualTo("S3 が 403 AccessDenied を返しました: Access Denied");
        assertThat(ERRORS.message(stored, Locale.FRENCH)).isEqualTo("S3 a répondu 403 AccessDenied : Access Denied");
        assertThat(ERRORS.message(stored, Locale.ENGLISH)).isEqualTo(stored);
    }

    @Test
    void aRoleTheWorkerCouldNotAssumeKeepsItsArnAndExternalId() {
        CustomerCredentials.AssumedRole role = CustomerCredentials.AssumedRole.forCompany(
                "arn:aws:iam::210987654321:role/security-export", "sx-4f0c", "acme");
        StsException refused = (StsException) StsException.builder()
                .statusCode(403)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .serviceName("STS")
                        .errorCode("AccessDenied")
                        .errorMessage("not authorized")
                        .build())
                .build();
        String stored = AwsFailure.of(refused, role).message();

        assertThat(ERRORS.message(stored, Locale.KOREAN))
                .startsWith("플랫폼이 arn:aws:iam::210987654321:role/security-export 역할을 수임하지 못했습니다")
                .endsWith("sts:ExternalId = sx-4f0c 조건으로 허용해야 합니다");
    }

    @Test
    void theWorkersOwnSentencesAreTranslated() {
        assertThat(ERRORS.message(
                        "the export was switched off before this job ran; nothing was written (switching it on again"
                                + " re-queues the day)",
                        Locale.forLanguageTag("pt-BR")))
                .isEqualTo("a exportação foi desativada antes de este job ser executado; nada foi gravado (ativá-la"
                        + " novamente recoloca o dia na fila)");
        assertThat(ERRORS.message(
                        "the export ran longer than PT15M and was abandoned; it will be tried again", Locale.FRENCH))
                .isEqualTo("l'export a duré plus de PT15M et a été abandonné ; il sera retenté");
    }

    @Test
    void aSentenceNoPatternFitsIsShownAsStored() {
        String unexpected = "IllegalStateException: something nobody foresaw";

        assertThat(ERRORS.message(unexpected, JA)).isEqualTo(unexpected);
        assertThat(ERRORS.message(null, JA)).isNull();
    }
}

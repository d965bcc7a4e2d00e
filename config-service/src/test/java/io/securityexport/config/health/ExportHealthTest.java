package io.securityexport.config.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.securityexport.config.health.ExportHealth.Attempt;
import io.securityexport.config.health.ExportHealth.Setup;
import io.securityexport.config.health.ExportHealth.Status;
import io.securityexport.config.i18n.Sentence;
import io.securityexport.config.i18n.Sentences;
import io.securityexport.config.precheck.CredentialsChecked;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExportHealthTest {

    static final LocalDate TODAY = LocalDate.parse("2026-11-30");
    static final long RETENTION = 30;
    static final long AT_RISK = 7;

    @Test
    void aCompanyWithoutSettingsIsNotConfigured() {
        ExportHealth health = ExportHealth.of(Setup.NOT_CONFIGURED, List.of(), TODAY, RETENTION, AT_RISK);

        assertThat(health.status()).isEqualTo(Status.NOT_CONFIGURED);
        assertThat(health.pendingDays()).isEmpty();
    }

    @Test
    void everyAttemptedDayDeliveredIsHealthy() {
        ExportHealth health = ExportHealth.of(
                Setup.ENABLED,
                List.of(succeeded("2026-11-28"), failed("2026-11-29", "01:00"), succeeded("2026-11-29", "02:00")),
                TODAY,
                RETENTION,
                AT_RISK);

        assertThat(health.status()).isEqualTo(Status.HEALTHY);
        assertThat(health.lastSuccessfulDay()).isEqualTo("2026-11-29");
        assertThat(health.pendingDays()).isEmpty();
        assertThat(health.failingSince()).isNull();
        assertThat(health.lastErrorCode()).isNull();
    }

    @Test
    void aFailedCheckBeforeMidnightMakesAHealthyExportFailingBeforeItsFileIsDue() {
        CredentialsChecked check = new CredentialsChecked(
                "acme",
                LocalDate.parse("2026-11-30"),
                at("2026-11-30", "23:10"),
                false,
                "PutObject",
                "AccessDenied",
                "PutObject was denied on b under f/: add s3:PutObject on arn:aws:s3:::b/f/*");

        ExportHealth health =
                ExportHealth.of(Setup.ENABLED, List.of(succeeded("2026-11-29")), TODAY, RETENTION, AT_RISK, check);

        assertThat(health.status()).isEqualTo(Status.FAILING);
        assertThat(health.failingSince()).isEqualTo(at("2026-11-30", "23:10"));
        assertThat(health.lastErrorCode()).isEqualTo("AccessDenied");
        assertThat(health.lastErrorMessage()).contains("s3:PutObject");
        assertThat(english(health.summary())).contains("PutObject").contains("2026-11-30");
        assertThat(health.pendingDays()).as("no day has failed yet").isEmpty();
        assertThat(health.credentialCheck()).isEqualTo(check);
    }

    @Test
    void aPassedCheckOrAFailedOneCuredByALaterDeliveryLeavesTheExportHealthy() {
        CredentialsChecked passed = new CredentialsChecked(
                "acme", LocalDate.parse("2026-11-29"), at("2026-11-29", "23:10"), true, null, null, null);
        CredentialsChecked failedBefore = new CredentialsChecked(
                "acme",
                LocalDate.parse("2026-11-28"),
                at("2026-11-28", "23:10"),
                false,
                "PutObject",
                "AccessDenied",
                "denied");

        assertThat(ExportHealth.of(Setup.ENABLED, List.of(succeeded("2026-11-28")), TODAY, RETENTION, AT_RISK, passed)
                        .status())
                .isEqualTo(Status.HEALTHY);
        assertThat(ExportHealth.of(
                                Setup.ENABLED,
                                List.of(succeeded("2026-11-29", "02:00")),
                                TODAY,
                                RETENTION,
                                AT_RISK,
                                failedBefore)
                        .status())
                .isEqualTo(Status.HEALTHY);
    }

    @Test
    void aFailedDayNotYetDeliveredIsFailingSinceItsFirstFailureWithTheLatestError() {
        ExportHealth health = ExportHealth.of(
                Setup.ENABLED,
                List.of(
                        succeeded("2026-11-26"),
                        failed("2026-11-27", "01:00", "AccessDenied"),
                        failed("2026-11-27", "02:00", "NoSuchBucket"),
                        failed("2026-11-28", "03:00", "NoSuchBucket")),
                TODAY,
                RETENTION,
                AT_RISK);

        assertThat(health.status()).isEqualTo(Status.FAILING);
        assertThat(health.lastSuccessfulDay()).isEqualTo("2026-11-26");
        assertThat(health.failingSince()).isEqualTo(at("2026-11-27", "01:00"));
        assertThat(health.pendingDays()).containsExactly(LocalDate.parse("2026-11-27"), LocalDate.parse("2026-11-28"));
        assertThat(health.oldestPendingDay()).isEqualTo("2026-11-27");
        assertThat(health.lastErrorCode()).isEqualTo("NoSuchBucket");
        assertThat(health.lastErrorMessage()).isEqualTo("NoSuchBucket happened");
    }

    @Test
    void theOldestPendingDayLeavesTheRetentionTheDayAfterItsLastRetainedDay() {
        // retained while today - 30 <= day: 2026-11-03 is kept through 2026-12-03 and gone on 2026-12-04
        ExportHealth health =
                ExportHealth.of(Setup.ENABLED, List.of(failed("2026-11-03", "01:00")), TODAY, RETENTION, AT_RISK);

        assertThat(health.oldestPendingLeavesOn()).isEqualTo("2026-12-04");
        assertThat(health.daysLeft()).isEqualTo(4);
        assertThat(english(health.summary())).contains("4 days left");
        assertThat(health.status()).isEqualTo(Status.AT_RISK);
    }

    @Test
    void theOldestRetainedDayHasOneDayLeft() {
        ExportHealth health =
                ExportHealth.of(Setup.ENABLED, List.of(failed("2026-10-31", "01:00")), TODAY, RETENTION, AT_RISK);

        assertThat(health.daysLeft()).isEqualTo(1);
        assertThat(english(health.summary())).contains("(1 day left)");
    }

    @Test
    void atRiskStartsExactlyAtTheThreshold() {
        // 2026-11-06 leaves on 2026-12-07: 7 days left, at the threshold; a day later 8 days left
        assertThat(ExportHealth.of(Setup.ENABLED, List.of(failed("2026-11-06", "01:00")), TODAY, RETENTION, AT_RISK)
                        .status())
                .isEqualTo(Status.AT_RISK);
        assertThat(ExportHealth.of(Setup.ENABLED, List.of(failed("2026-11-07", "01:00")), TODAY, RETENTION, AT_RISK)
                        .status())
                .isEqualTo(Status.FAILING);
    }

    @Test
    void aDayPastTheRetentionIsNoLongerPending() {
        ExportHealth health = ExportHealth.of(
                Setup.ENABLED,
                List.of(failed("2026-10-30", "01:00"), succeeded("2026-11-29", "02:00")),
                TODAY,
                RETENTION,
                AT_RISK);

        assertThat(health.pendingDays()).isEmpty();
        assertThat(health.status()).isEqualTo(Status.HEALTHY);
    }

    @Test
    void aFailureAfterTheLatestSuccessIsFailingEvenWhenItsDayWasDeliveredBefore() {
        // a re-export of a delivered day failed: the day is not pending, but the export is failing now
        ExportHealth health = ExportHealth.of(
                Setup.ENABLED,
                List.of(succeeded("2026-11-28", "01:00"), failed("2026-11-28", "05:00", "AccessDenied")),
                TODAY,
                RETENTION,
                AT_RISK);

        assertThat(health.status()).isEqualTo(Status.FAILING);
        assertThat(health.pendingDays()).isEmpty();
        assertThat(health.failingSince()).isEqualTo(at("2026-11-28", "05:00"));
        assertThat(health.lastErrorCode()).isEqualTo("AccessDenied");
    }

    @Test
    void aSwitchedOffExportIsDisabledAndStillShowsWhatIsPending() {
        ExportHealth health = ExportHealth.of(
                Setup.DISABLED,
                List.of(failed("2026-11-27", "01:00"), cancelled("2026-11-28")),
                TODAY,
                RETENTION,
                AT_RISK);

        assertThat(health.status()).isEqualTo(Status.DISABLED);
        assertThat(health.pendingDays()).containsExactly(LocalDate.parse("2026-11-27"));
        assertThat(english(health.summary())).contains("switched off");
    }

    @Test
    void aCancelledRunIsNeitherAFailureNorADelivery() {
        ExportHealth health = ExportHealth.of(
                Setup.ENABLED, List.of(succeeded("2026-11-27"), cancelled("2026-11-28")), TODAY, RETENTION, AT_RISK);

        assertThat(health.status()).isEqualTo(Status.HEALTHY);
        assertThat(health.lastSuccessfulDay()).isEqualTo("2026-11-27");
    }

    private static Attempt succeeded(String day) {
        return succeeded(day, "00:30");
    }

    private static Attempt succeeded(String day, String time) {
        return new Attempt(LocalDate.parse(day), "SUCCEEDED", at(day, time), null, null);
    }

    private static Attempt failed(String day, String time) {
        return failed(day, time, "AccessDenied");
    }

    private static Attempt failed(String day, String time, String code) {
        return new Attempt(LocalDate.parse(day), "FAILED", at(day, time), code, code + " happened");
    }

    private static Attempt cancelled(String day) {
        return new Attempt(LocalDate.parse(day), "CANCELLED", at(day, "00:40"), "EXPORT_DISABLED", "switched off");
    }

    /** Attempts of a day happen the day after it. */
    private static Instant at(String day, String time) {
        return Instant.parse(LocalDate.parse(day).plusDays(1) + "T" + time + ":00Z");
    }

    private static final Sentences SENTENCES = Sentences.fromBundles();

    /** The summary as an English-speaking admin reads it. */
    private static String english(Sentence sentence) {
        return SENTENCES.english(sentence);
    }
}

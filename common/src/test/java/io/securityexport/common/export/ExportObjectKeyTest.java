package io.securityexport.common.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExportObjectKeyTest {

    @Test
    void aCompanyDayHasOneKeyUnderTheDatePath() {
        assertThat(ExportObjectKey.of(FolderPath.DEFAULT, "acme", LocalDate.of(2026, 1, 5)))
                .isEqualTo("security-events/2026/01/05/security-events-acme-2026-01-05.csv");
        assertThat(ExportObjectKey.of(new FolderPath("audit/prod"), "acme", LocalDate.of(2026, 11, 20)))
                .isEqualTo("audit/prod/2026/11/20/security-events-acme-2026-11-20.csv");
    }

    @Test
    void aGzippedDayHasTheSameKeyWithGzAppended() {
        assertThat(ExportObjectKey.of(FolderPath.DEFAULT, "acme", LocalDate.of(2026, 1, 5), true))
                .isEqualTo("security-events/2026/01/05/security-events-acme-2026-01-05.csv.gz");
        assertThat(ExportObjectKey.of(FolderPath.DEFAULT, "acme", LocalDate.of(2026, 1, 5), false))
                .isEqualTo("security-events/2026/01/05/security-events-acme-2026-01-05.csv");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/lead", "trail/", "a//b", "a/../b", "sp ace", "ü", "a\\b"})
    void unsafeFolderPathsAreRefused(String folder) {
        assertThat(FolderPath.problem(folder)).isPresent();
    }

    @Test
    void jobsSurviveTheirJsonForm() {
        ExportJob job = new ExportJob(
                UUID.randomUUID(),
                "acme",
                LocalDate.of(2026, 11, 20),
                ExportJob.Trigger.BACKFILL,
                Instant.parse("2026-11-21T00:00:05Z"));

        assertThat(ExportMessages.job(ExportMessages.toJson(job))).isEqualTo(job);
        assertThat(new String(ExportMessages.toJson(job))).contains("\"day\":\"2026-11-20\"");
    }
}

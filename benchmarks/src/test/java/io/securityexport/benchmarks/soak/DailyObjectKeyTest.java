package io.securityexport.benchmarks.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DailyObjectKeyTest {

    @Test
    void aDailyFilesKeyNamesItsCompanyAndDayGzippedOrNot() {
        assertThat(DailyObjectKey.parse("security-events/2026/11/01/security-events-acme-corp_1-2026-11-01.csv"))
                .contains(new DailyObjectKey("acme-corp_1", LocalDate.parse("2026-11-01"), false));
        assertThat(DailyObjectKey.parse("a/b/2026/02/28/security-events-x-2026-02-28.csv.gz"))
                .contains(new DailyObjectKey("x", LocalDate.parse("2026-02-28"), true));
    }

    @Test
    void anyOtherKeyIsNoDailyFiles() {
        assertThat(DailyObjectKey.parse("security-events/2026/11/02/security-events-acme-2026-11-01.csv"))
                .as("folder date and file date disagree")
                .isEmpty();
        assertThat(DailyObjectKey.parse("2026/11/01/security-events-acme-2026-11-01.csv"))
                .as("no folder")
                .isEmpty();
        assertThat(DailyObjectKey.parse("security-events/2026/02/30/security-events-acme-2026-02-30.csv"))
                .as("no such day")
                .isEmpty();
        assertThat(DailyObjectKey.parse("security-events/2026/11/01/security-events-acme-2026-11-01.csv.zip"))
                .isEmpty();
        assertThat(DailyObjectKey.parse("security-events/2026/11/01/notes.txt")).isEmpty();
    }
}

package io.securityexport.common.export;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * The one S3 key of a company-day: {@code {folderPath}/{yyyy}/{MM}/{dd}/security-events-{companyId}-{yyyy-MM-dd}.csv}.
 * Deterministic, so a re-run replaces the object instead of adding a second one.
 */
public final class ExportObjectKey {

    private static final DateTimeFormatter DATE_PATH = DateTimeFormatter.ofPattern("uuuu/MM/dd");

    private ExportObjectKey() {
    }

    public static String of(FolderPath folder, String companyId, LocalDate day) {
        return folder.value() + "/" + DATE_PATH.format(day) + "/security-events-" + companyId + "-" + day + ".csv";
    }
}

package io.securityexport.common.export;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * The one S3 key of a company-day: {@code {folderPath}/{yyyy}/{MM}/{dd}/security-events-{companyId}-{yyyy-MM-dd}.csv}.
 * Deterministic, so a re-run replaces the object instead of adding a second one. A company that has its files
 * gzipped gets the same key with {@code .gz} appended.
 */
public final class ExportObjectKey {

    private static final DateTimeFormatter DATE_PATH = DateTimeFormatter.ofPattern("uuuu/MM/dd");

    private ExportObjectKey() {}

    public static String of(FolderPath folder, String companyId, LocalDate day) {
        return folder.value() + "/" + DATE_PATH.format(day) + "/security-events-" + companyId + "-" + day + ".csv";
    }

    public static String of(FolderPath folder, String companyId, LocalDate day, boolean gzip) {
        return of(folder, companyId, day) + (gzip ? ".gz" : "");
    }
}

package io.securityexport.benchmarks.soak;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a daily file's key says (CONTRACTS.md, "S3 object"):
 * {@code {folder}/{yyyy}/{MM}/{dd}/security-events-{companyId}-{yyyy-MM-dd}.csv}, with {@code .gz} appended when the
 * company has its files gzipped. Read back from the key rather than trusted from the run history, so that an object
 * nobody recorded is attributed too.
 */
record DailyObjectKey(String companyId, LocalDate day, boolean gzip) {

    private static final Pattern KEY = Pattern.compile("[^/](?:.*[^/])?/(?<path>\\d{4}/\\d{2}/\\d{2})"
            + "/security-events-(?<company>[A-Za-z0-9_-]{1,64})-(?<day>\\d{4}-\\d{2}-\\d{2})\\.csv(?<gzip>\\.gz)?");

    /** Empty when the key is not a daily file's, or its folder date and file-name date disagree. */
    static Optional<DailyObjectKey> parse(String key) {
        Matcher matcher = KEY.matcher(key);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        LocalDate day;
        try {
            day = LocalDate.parse(matcher.group("day"));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
        if (!matcher.group("path").equals(matcher.group("day").replace('-', '/'))) {
            return Optional.empty();
        }
        return Optional.of(new DailyObjectKey(matcher.group("company"), day, matcher.group("gzip") != null));
    }

    SoakLedger.CompanyDay companyDay() {
        return new SoakLedger.CompanyDay(companyId, day);
    }
}

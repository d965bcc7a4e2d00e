package io.securityexport.benchmarks.soak;

import io.securityexport.benchmarks.soak.SoakLedger.CompanyDay;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The days of the soak: it moves the shared clock to shortly before midnight, lets midnight pass, kills a config
 * replica as the day is scheduled and a worker while its files are uploaded, waits until every run of the day has
 * an outcome, then has some company admins change their settings (switch the export off or on again, save broken
 * credentials or fix them, turn gzip on or off). It writes down which company-days must have a file and which must
 * not: a company switched off when its day was scheduled gets none.
 */
final class Midnights {

    private static final Logger log = LoggerFactory.getLogger(Midnights.class);
    /**
     * The config services' settle delay in the soak: a day is scheduled this long after its midnight. Above the
     * ingest statement timeout the soak gives ingest ({@link #INGEST_STATEMENT_TIMEOUT}), as DaySettlement requires.
     */
    static final Duration SETTLE = Duration.ofSeconds(15);

    static final Duration INGEST_STATEMENT_TIMEOUT = Duration.ofSeconds(8);
    /** How far before midnight the clock is moved: events keep arriving across it. */
    private static final Duration BEFORE_MIDNIGHT = Duration.ofSeconds(10);

    private final Clock clock;
    private final java.nio.file.Path clockFile;
    private final Supplier<Connection> database;
    private final SettingsApi api;
    private final Map<String, Company> companies;
    private final Chaos chaos;
    private final Random random;
    private final SoakSettings settings;

    final Set<CompanyDay> enabledDays = ConcurrentHashMap.newKeySet();
    final Set<CompanyDay> disabledDays = ConcurrentHashMap.newKeySet();
    final List<LocalDate> days = new ArrayList<>();
    final Map<String, Integer> changes = new LinkedHashMap<>();

    Midnights(
            Clock clock,
            java.nio.file.Path clockFile,
            Supplier<Connection> database,
            SettingsApi api,
            Map<String, Company> companies,
            Chaos chaos,
            SoakSettings settings) {
        this.clock = clock;
        this.clockFile = clockFile;
        this.database = database;
        this.api = api;
        this.companies = companies;
        this.chaos = chaos;
        this.settings = settings;
        this.random = new Random(settings.seed() + 1);
    }

    /** A company of the soak: its bucket and key, and what its admin has set. */
    static final class Company {
        final String id;
        final String bucket;
        final String accessKeyId;
        final String secretAccessKey;
        volatile boolean enabled = true;
        volatile boolean broken;
        volatile boolean gzip;

        Company(String id, String bucket, String accessKeyId, String secretAccessKey) {
            this.id = id;
            this.bucket = bucket;
            this.accessKeyId = accessKeyId;
            this.secretAccessKey = secretAccessKey;
        }

        String settingsJson(String region) {
            return """
                    {"enabled":%s,"bucket":"%s","region":"%s","folderPath":"security-events","serverSideEncryption":false,
                     "gzip":%s,"credentials":{"method":"ACCESS_KEY","accessKeyId":"%s","secretAccessKey":"%s"}}""".formatted(
                            enabled,
                            bucket,
                            region,
                            gzip,
                            accessKeyId,
                            broken ? "wrong" + secretAccessKey.substring(5) : secretAccessKey);
        }
    }

    /** One day: midnight with its kills, the day's outcome awaited, then the admins' changes. */
    LocalDate midnight(boolean withKills, boolean withChanges, String region) {
        LocalDate day = today();
        Instant midnight = day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant jumpTo = midnight.minus(BEFORE_MIDNIGHT);
        if (clock.instant().isBefore(jumpTo)) {
            SharedClock.jumpTo(clockFile, jumpTo);
        }
        try {
            // the expectations are those of the moment the day is scheduled: no change is made until it has been
            companies
                    .values()
                    .forEach(company ->
                            (company.enabled ? enabledDays : disabledDays).add(new CompanyDay(company.id, day)));
            days.add(day);
            Instant scheduled = midnight.plus(SETTLE);
            // no restart of the round may be under way when the day is scheduled: the kills below are on time
            awaitVirtual(scheduled.minusSeconds(12));
            chaos.quiet(true);
            awaitVirtual(scheduled.minusSeconds(1));
            if (withKills) {
                // during a midnight: a replica dies as the day is being scheduled and its jobs published
                chaos.killOneOf("config");
                // during uploads: a worker dies while the day's files are being written
                chaos.killOneOf("worker");
            }
            chaos.quiet(false);
            long enabled = companies.values().stream()
                    .filter(company -> company.enabled)
                    .count();
            Duration took = awaitOutcomes(day, enabled, Duration.ofMinutes(4));
            log.info(
                    "soak: day {} scheduled for {} companies; every run had an outcome {} s after it was due",
                    day,
                    enabled,
                    took.toSeconds());
        } finally {
            chaos.quiet(false);
        }
        if (withChanges) {
            change(region);
        }
        return day;
    }

    LocalDate today() {
        return clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
    }

    private void awaitVirtual(Instant instant) {
        while (clock.instant().isBefore(instant)) {
            Soak.pause(Duration.ofMillis(100));
        }
    }

    /** Until the day's runs exist for every enabled company and no run anywhere is waiting for a worker. */
    private Duration awaitOutcomes(LocalDate day, long enabled, Duration within) {
        Instant start = Instant.now();
        Instant deadline = start.plus(within);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            try (Connection connection = database.get();
                    PreparedStatement statement = connection.prepareStatement("""
                            SELECT (SELECT count(*) FROM config.export_runs WHERE day = ? AND trigger = 'SCHEDULED'),
                                   (SELECT count(*) FROM config.export_runs WHERE status = 'REQUESTED')""")) {
                statement.setObject(1, day);
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    last = row.getLong(1) + " of " + enabled + " scheduled, " + row.getLong(2) + " waiting";
                    if (row.getLong(1) >= enabled && row.getLong(2) == 0) {
                        return Duration.between(start, Instant.now());
                    }
                }
            } catch (SQLException | RuntimeException e) {
                last = e.toString(); // PostgreSQL is being restarted
            }
            Soak.pause(Duration.ofMillis(500));
        }
        throw new IllegalStateException("day " + day + ": runs without an outcome after " + within + ": " + last);
    }

    /** Every company-day scheduled so far has SUCCEEDED (after the last midnight, with everything fixed). */
    Duration awaitAllSucceeded(Duration within) {
        Instant start = Instant.now();
        Instant deadline = start.plus(within);
        Set<CompanyDay> missing = Set.of();
        while (Instant.now().isBefore(deadline)) {
            try {
                missing = new HashSet<>(enabledDays);
                missing.removeAll(succeeded());
                if (missing.isEmpty()) {
                    return Duration.between(start, Instant.now());
                }
            } catch (SQLException | RuntimeException e) {
                log.info("soak: run history not readable yet: {}", e.toString());
            }
            Soak.pause(Duration.ofSeconds(1));
        }
        throw new IllegalStateException(missing.size() + " company-day(s) not SUCCEEDED within " + within + ", e.g. "
                + missing.stream().limit(10).toList());
    }

    private Set<CompanyDay> succeeded() throws SQLException {
        Set<CompanyDay> succeeded = new HashSet<>();
        try (Connection connection = database.get();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT DISTINCT company_id, day FROM config.export_runs WHERE status = 'SUCCEEDED'");
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                succeeded.add(new CompanyDay(rows.getString(1), rows.getObject(2, LocalDate.class)));
            }
        }
        return succeeded;
    }

    /**
     * The admins' changes after a day: whoever was switched off or broken a day ago is switched on or fixed; then a
     * few others are switched off, given broken credentials, or change gzip. Only a company whose every day has
     * been delivered is switched off (a day still failing would never be delivered while it is off).
     */
    private void change(String region) {
        Set<String> pending = undelivered();
        List<Company> all = new ArrayList<>(companies.values());
        for (Company company : all) {
            if (!company.enabled) {
                company.enabled = true;
                save(company, region, "switched on again");
            } else if (company.broken) {
                company.broken = false;
                save(company, region, "credentials fixed");
            }
        }
        java.util.Collections.shuffle(all, random);
        int each = Math.max(1, (int) Math.round(settings.changeShare() * all.size()));
        List<Company> calm =
                all.stream().filter(company -> !pending.contains(company.id)).toList();
        calm.stream().limit(each).forEach(company -> {
            company.enabled = false;
            save(company, region, "switched off");
        });
        calm.stream().skip(each).limit(each).forEach(company -> {
            company.broken = true;
            save(company, region, "credentials broken");
        });
        calm.stream().skip(2L * each).limit(each).forEach(company -> {
            company.gzip = !company.gzip;
            save(company, region, "gzip changed");
        });
    }

    private void save(Company company, String region, String change) {
        api.save(company.id, company.settingsJson(region), company.broken);
        changes.merge(change, 1, Integer::sum);
    }

    /** Companies with a day not yet delivered. */
    private Set<String> undelivered() {
        Set<String> companiesWithout = new HashSet<>();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (true) {
            try {
                Set<CompanyDay> missing = new HashSet<>(enabledDays);
                missing.removeAll(succeeded());
                missing.forEach(day -> companiesWithout.add(day.companyId()));
                return companiesWithout;
            } catch (SQLException | RuntimeException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(e);
                }
                Soak.pause(Duration.ofSeconds(1));
            }
        }
    }
}

package io.securityexport.benchmarks;

import io.securityexport.benchmarks.ApiTenants.Tenant;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Several writers saving the same few tenants at once, each with If-Match and a folder path of its own
 * ({@code w3-17}: writer 3's 17th save), so that every 412 is a race lost and retried. Every fifth save runs Test
 * Credentials first, which holds the save open for the S3 calls and widens the window in which another save can
 * overtake it (until the tenant's budget is spent: then 429).
 */
final class ContendedSaves {

    static final String SAVE = "PUT settings (contended)";

    private final Saves saves;
    private final List<Tenant> contended;

    ContendedSaves(Saves saves, List<Tenant> contended) {
        this.saves = saves;
        this.contended = contended;
    }

    void run(String writer, Instant until, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long sequence = 0;
        while (Instant.now().isBefore(until)) {
            Tenant tenant = contended.get(random.nextInt(contended.size()));
            sequence++;
            saves.save(SAVE, tenant, writer + "-" + sequence, sequence % 5 == 0);
        }
    }
}

package io.securityexport.benchmarks;

import io.securityexport.common.event.Actor;
import io.securityexport.common.event.SecurityEvent;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic, realistic security events: the same seed gives the same events, so the service under test and
 * the raw baseline handle exactly the same rows. About 450 bytes of JSON each, like the dashboard's events.
 */
final class SyntheticEvents {

    private static final List<String> NAMES = List.of(
            "Signed In",
            "Failed Login",
            "Added REST API key",
            "Removed REST API key",
            "Two-Factor Auth Setup Completed",
            "Developer Updated",
            "Updated Account Permission",
            "Edited Campaign",
            "Exported data to CSV",
            "Started Elevated Access Flow");
    private static final List<String> AGENTS = List.of(
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
            "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0");

    private final long seed;
    private final int companies;
    private final Instant start;

    SyntheticEvents(long seed, int companies, Instant start) {
        this.seed = seed;
        this.companies = companies;
        this.start = start;
    }

    String companyOf(int index) {
        return "company-" + (index % companies);
    }

    SecurityEvent event(int index) {
        SplittableRandom random = new SplittableRandom(seed + index);
        int developer = random.nextInt(500);
        String name = NAMES.get(random.nextInt(NAMES.size()));
        String properties = "{\"ip\":\"203.0.113." + random.nextInt(256) + "\",\"userAgent\":\""
                + AGENTS.get(random.nextInt(AGENTS.size())) + "\",\"appGroupId\":\""
                + Long.toHexString(random.nextLong())
                + "\",\"sessionId\":\"" + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong())
                + "\"}";
        return new SecurityEvent(
                "evt-" + seed + "-" + index,
                companyOf(index),
                start.plusMillis(index),
                name,
                new Actor("dev-" + developer, "developer" + developer + "@" + companyOf(index) + ".example"),
                random.nextInt(10) == 0 ? "teammate" + random.nextInt(50) + "@example.com" : null,
                properties);
    }
}

package io.securityexport.benchmarks.soak;

import java.time.Duration;

/**
 * Everything the soak can be told, with its defaults ({@code -Dname=value}).
 *
 * @param duration        how long traffic, kills and midnights go on ({@code -Dminutes}), before the last midnight
 *                        settles and the reconciliation runs
 * @param companies       companies exporting, each to its own bucket with its own key
 * @param eventsPerSecond valid and malformed events published per second
 * @param duplicateShare  share of events sent again with the same ID 30 s to 2.5 min later
 * @param malformedShare  share of records that are malformed (to the dead-letter topic)
 * @param faultRate       share of S3 requests answered with a fault (500, reset, or lost answer)
 * @param killEvery       how often a process is killed (or PostgreSQL / Kafka restarted)
 * @param cycle           real time between two midnights
 * @param changeShare     share of companies switched off, given broken credentials, or changing gzip, per midnight
 * @param seed            the random choices' seed
 */
record SoakSettings(
        Duration duration,
        int companies,
        int eventsPerSecond,
        double duplicateShare,
        double malformedShare,
        double faultRate,
        Duration killEvery,
        Duration cycle,
        double changeShare,
        long seed) {

    static SoakSettings fromSystemProperties() {
        return new SoakSettings(
                Duration.ofSeconds((long) (Double.parseDouble(System.getProperty("minutes", "10")) * 60)),
                Integer.getInteger("companies", 200),
                Integer.getInteger("rate", 100),
                Double.parseDouble(System.getProperty("duplicates", "0.02")),
                Double.parseDouble(System.getProperty("malformed", "0.01")),
                Double.parseDouble(System.getProperty("faultRate", "0.02")),
                Duration.ofSeconds(Integer.getInteger("killEvery", 20)),
                Duration.ofSeconds(Integer.getInteger("cycle", 120)),
                Double.parseDouble(System.getProperty("changes", "0.03")),
                Long.getLong("seed", 2026));
    }
}

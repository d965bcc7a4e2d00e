package io.securityexport.benchmarks.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The soak in short, in every test run (about 5 minutes): the whole pipeline as processes of their own through
 * traffic, SIGKILLs, restarts, S3 faults, three midnights and admins' changes, then the full reconciliation. The ten-minute soak
 * and its figures: {@code benchmarks/run soak -Dminutes=10} and RELIABILITY.md.
 */
class ShortSoakIntegrationTest {

    @Test
    void killsRestartsAndS3FaultsAcrossMidnightsLoseNothingDuplicateNothingAndLeaveNothingPartial() throws Exception {
        SoakSettings settings = new SoakSettings(
                Duration.ofSeconds(30), // traffic and kills, through at least two midnights; then the last one settles
                20, // companies
                40, // events per second
                0.03, // sent again with the same ID
                0.02, // malformed
                0.05, // S3 requests faulted
                Duration.ofSeconds(20), // a kill or restart this often, besides the two at each midnight
                Duration.ofSeconds(30), // between midnights
                0.1, // companies switched off, broken or changing gzip per midnight
                14);

        Soak.SoakResult result = new Soak(
                        settings,
                        Path.of("target", "short-soak-" + System.currentTimeMillis())
                                .toAbsolutePath())
                .run();
        result.print(System.out);

        assertThat(result.failures()).as(result.figures()).isEmpty();
        // what the soak must have gone through for its "nothing lost" to mean something
        assertThat(result.counts())
                .as(result.figures())
                .hasEntrySatisfying("events", events -> assertThat(events).isGreaterThan(2000))
                .hasEntrySatisfying("events found", found -> assertThat(found).isGreaterThan(1000))
                .hasEntrySatisfying(
                        "malformed", malformed -> assertThat(malformed).isPositive())
                .hasEntrySatisfying(
                        "midnights", midnights -> assertThat(midnights).isGreaterThanOrEqualTo(3))
                .hasEntrySatisfying(
                        "switched-off days", days -> assertThat(days).isPositive())
                .hasEntrySatisfying("kills", kills -> assertThat(kills).isGreaterThanOrEqualTo(4))
                .hasEntrySatisfying("s3 faults", faults -> assertThat(faults).isPositive())
                .containsEntry("processes left running", 0L);
    }
}

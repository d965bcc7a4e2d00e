package io.securityexport.benchmarks.soak;

import static org.assertj.core.api.Assertions.assertThat;

import io.securityexport.benchmarks.soak.FailureLines.Kind;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FailureLinesTest {

    @Test
    void eachKindShowsItsFirstTwentyLinesAndCountsTheRest() {
        FailureLines failures = new FailureLines();
        IntStream.rangeClosed(1, 25).forEach(i -> failures.add(Kind.MISSING_EVENT, "e" + i));
        failures.add(Kind.SHA_MISMATCH, "c 2026-11-01");

        assertThat(failures.count(Kind.MISSING_EVENT)).isEqualTo(25);
        assertThat(failures.lines())
                .hasSize(22)
                .startsWith("event missing: e1")
                .contains("event missing: e20", "event missing: … and 5 more")
                .doesNotContain("event missing: e21")
                .endsWith("object SHA-256 differs from its latest SUCCEEDED run: c 2026-11-01");
    }
}

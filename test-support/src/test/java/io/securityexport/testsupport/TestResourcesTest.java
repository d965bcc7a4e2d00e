package io.securityexport.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class TestResourcesTest {

    @Test
    void uniqueNameIsPrefixDashAndEightLowercaseHex() {
        assertThat(TestResources.uniqueName("exports")).matches("exports-[0-9a-f]{8}");
    }

    @Test
    void uniqueNamesDiffer() {
        assertThat(TestResources.uniqueName("x")).isNotEqualTo(TestResources.uniqueName("x"));
    }

    @Test
    void prefixThatCouldNotBeABucketNameIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> TestResources.uniqueName("Upper_Case"));
    }
}

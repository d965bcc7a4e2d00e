package io.securityexport.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What happens before any browser runs: where it is looked for, and the failure when it is not there. */
class ChromiumStartTest {

    @TempDir
    Path empty;

    @Test
    void missingBrowserFailsWithTheInstallCommand() {
        ChromiumSettings settings = ChromiumSettings.defaults().withBinary(empty.resolve("chromium"));

        assertThatIllegalStateException()
                .isThrownBy(() -> Chromium.start(settings))
                .withMessageContaining(empty.resolve("chromium").toString())
                .withMessageContaining("CHROMIUM_BINARY")
                .withMessageContaining("apt-get install -y chromium chromium-driver");
    }

    @Test
    void missingDriverFailsWithTheInstallCommand() {
        ChromiumSettings settings = ChromiumSettings.defaults().withDriver(empty.resolve("chromedriver"));

        assertThatIllegalStateException()
                .isThrownBy(() -> Chromium.start(settings))
                .withMessageContaining("CHROMEDRIVER_BINARY")
                .withMessageContaining("apt-get install -y chromium chromium-driver");
    }

    @Test
    void debianPathsUnlessTheEnvironmentNamesOthers() {
        assertThat(ChromiumSettings.fromEnvironment(Map.of()))
                .extracting(ChromiumSettings::binary, ChromiumSettings::driver)
                .containsExactly(Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromedriver"));
        assertThat(ChromiumSettings.fromEnvironment(
                        Map.of("CHROMIUM_BINARY", "/opt/chrome/chrome", "CHROMEDRIVER_BINARY", "/opt/chrome/driver")))
                .extracting(ChromiumSettings::binary, ChromiumSettings::driver)
                .containsExactly(Path.of("/opt/chrome/chrome"), Path.of("/opt/chrome/driver"));
    }

    @Test
    void languageMustBeATag() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ChromiumSettings.defaults().withLanguage("ja; --remote-debugging-port=1"));
    }
}

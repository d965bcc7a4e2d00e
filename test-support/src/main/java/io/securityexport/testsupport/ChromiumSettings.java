package io.securityexport.testsupport;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where the browser and its driver are, and how the browser presents itself to a page.
 *
 * @param binary the Chromium executable ({@code CHROMIUM_BINARY}, else Debian's {@code /usr/bin/chromium})
 * @param driver the matching chromedriver ({@code CHROMEDRIVER_BINARY}, else Debian's {@code /usr/bin/chromedriver})
 * @param language the one language the browser reports, as a BCP 47 tag: {@code navigator.language} and the
 *     {@code Accept-Language} header both follow it
 * @param width the window's width in CSS pixels (screenshots are this wide)
 * @param height the window's height in CSS pixels
 */
public record ChromiumSettings(Path binary, Path driver, String language, int width, int height) {

    public static final String BINARY_VARIABLE = "CHROMIUM_BINARY";
    public static final String DRIVER_VARIABLE = "CHROMEDRIVER_BINARY";
    static final Path DEBIAN_BINARY = Path.of("/usr/bin/chromium");
    static final Path DEBIAN_DRIVER = Path.of("/usr/bin/chromedriver");

    public ChromiumSettings {
        Objects.requireNonNull(binary, "binary");
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(language, "language");
        if (!language.matches("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*")) {
            throw new IllegalArgumentException("not a language tag: " + language);
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("window size must be positive: " + width + "x" + height);
        }
    }

    /** Debian's paths unless the environment names others; English (US); 1280 x 900. */
    public static ChromiumSettings defaults() {
        return fromEnvironment(System.getenv());
    }

    static ChromiumSettings fromEnvironment(Map<String, String> env) {
        return new ChromiumSettings(
                pathOr(env.get(BINARY_VARIABLE), DEBIAN_BINARY),
                pathOr(env.get(DRIVER_VARIABLE), DEBIAN_DRIVER),
                "en-US",
                1280,
                900);
    }

    public ChromiumSettings withLanguage(String language) {
        return new ChromiumSettings(binary, driver, language, width, height);
    }

    public ChromiumSettings withBinary(Path binary) {
        return new ChromiumSettings(binary, driver, language, width, height);
    }

    public ChromiumSettings withDriver(Path driver) {
        return new ChromiumSettings(binary, driver, language, width, height);
    }

    public ChromiumSettings withWindowSize(int width, int height) {
        return new ChromiumSettings(binary, driver, language, width, height);
    }

    private static Path pathOr(String value, Path fallback) {
        return value == null || value.isBlank() ? fallback : Path.of(value);
    }
}

package io.securityexport.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium driven through chromedriver, with a profile of its own that is deleted on {@link #close()}.
 *
 * <p>It uses the machine's browser and driver (Debian's packages, or the paths in {@code CHROMIUM_BINARY} and
 * {@code CHROMEDRIVER_BINARY}) and never lets Selenium Manager download either: a machine without them fails the test
 * with the command that installs them, rather than skipping it. Starting one takes about a second, so a test class
 * should share one browser across its tests.
 */
public final class Chromium implements AutoCloseable {

    public static final String INSTALL_COMMAND = "apt-get install -y chromium chromium-driver";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(50);
    // axe visits every element of the page; a large form can take seconds on a busy CI machine
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(30);
    private static final String AXE_WEBJAR = "META-INF/maven/org.webjars.npm/axe-core/pom.properties";

    private final ChromeDriver driver;
    private final Path profile;

    private Chromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** English (US), 1280 x 900, the browser and driver of {@link ChromiumSettings#defaults()}. */
    public static Chromium start() {
        return start(ChromiumSettings.defaults());
    }

    /** As {@link #start()}, with the browser reporting {@code language} (e.g. {@code ja}) to pages and servers. */
    public static Chromium start(String language) {
        return start(ChromiumSettings.defaults().withLanguage(language));
    }

    public static Chromium start(ChromiumSettings settings) {
        requireExecutable(settings.binary(), "Chromium", ChromiumSettings.BINARY_VARIABLE);
        requireExecutable(settings.driver(), "chromedriver", ChromiumSettings.DRIVER_VARIABLE);
        Path profile = createProfile();
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(settings.driver().toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver;
        try {
            driver = new ChromeDriver(service, options(settings, profile));
        } catch (WebDriverException e) {
            service.stop();
            deleteProfile(profile);
            throw new IllegalStateException(
                    "Chromium " + settings.binary() + " did not start through " + settings.driver()
                            + " (do their versions match? " + INSTALL_COMMAND + " installs a matching pair)",
                    e);
        }
        Chromium chromium = new Chromium(driver, profile);
        try {
            prepare(driver, settings);
            return chromium;
        } catch (RuntimeException e) {
            try {
                chromium.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    public WebDriver driver() {
        return driver;
    }

    /**
     * Waits up to 10 s until {@code condition} answers something other than {@code null} or {@code false} (Selenium's
     * {@code ExpectedConditions} fit), polling every 50 ms; fails with a {@code TimeoutException} otherwise.
     */
    public <T> T waitFor(Function<? super WebDriver, T> condition) {
        return waitFor(WAIT, condition);
    }

    public <T> T waitFor(Duration timeout, Function<? super WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout, POLL).until(condition);
    }

    /** Writes what the window shows to {@code dir/name.png} (directories created, an existing file replaced). */
    public Path screenshot(Path dir, String name) {
        return write(dir, name, driver.getScreenshotAs(OutputType.BYTES));
    }

    /** Writes the whole page, also what lies below the window, to {@code dir/name.png} (for documentation). */
    public Path fullPageScreenshot(Path dir, String name) {
        Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        Map<?, ?> content = (Map<?, ?>) metrics.get("cssContentSize");
        Map<String, Object> clip = Map.of(
                "x", 0,
                "y", 0,
                "width", ((Number) content.get("width")).doubleValue(),
                "height", ((Number) content.get("height")).doubleValue(),
                "scale", 1);
        Map<String, Object> shot = driver.executeCdpCommand(
                "Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        return write(dir, name, Base64.getDecoder().decode((String) shot.get("data")));
    }

    private static Path write(Path dir, String name, byte[] png) {
        Path file = dir.resolve(name.endsWith(".png") ? name : name + ".png");
        try {
            Files.createDirectories(dir);
            Files.write(file, png);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write screenshot " + file, e);
        }
        return file;
    }

    /**
     * Runs axe-core on the current page and answers the rules it breaks. The script is put into the page through the
     * driver (the DevTools protocol), which a Content-Security-Policy without {@code 'unsafe-inline'} does not block.
     */
    @SuppressWarnings("unchecked")
    public List<AccessibilityViolation> accessibilityViolations() {
        if (!Boolean.TRUE.equals(driver.executeScript("return typeof window.axe === 'object';"))) {
            driver.executeScript(AxeScript.SOURCE);
        }
        Object answer = driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { resultTypes: ['violations'] }).then(
                    result => done(result.violations.map(v => ({
                        id: v.id,
                        impact: v.impact || '',
                        help: v.help,
                        helpUrl: v.helpUrl,
                        targets: v.nodes.map(n => n.target.map(String).join(' '))
                    }))),
                    error => done('axe failed: ' + error));
                """);
        if (!(answer instanceof List<?> violations)) {
            throw new IllegalStateException(String.valueOf(answer));
        }
        return violations.stream()
                .map(v -> (Map<String, Object>) v)
                .map(v -> new AccessibilityViolation(
                        (String) v.get("id"),
                        (String) v.get("impact"),
                        (String) v.get("help"),
                        (String) v.get("helpUrl"),
                        (List<String>) v.get("targets")))
                .toList();
    }

    /**
     * The console errors the browser logged since the previous call (Chromium hands each entry out once): uncaught
     * exceptions, failed loads and Content-Security-Policy violations among them.
     */
    public List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    /** Quits the browser and its driver and deletes the profile. */
    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteProfile(profile);
        }
    }

    Path profile() {
        return profile;
    }

    private static ChromeOptions options(ChromiumSettings settings, Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(settings.binary().toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox", // CI runs as root, where Chromium's sandbox refuses to start
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
                "--user-data-dir=" + profile,
                "--window-size=" + settings.width() + "," + settings.height(),
                // the browser's own UI language; pages see the preference below, not this
                "--lang=" + settings.language());
        // navigator.language(s) and the Accept-Language header both follow this preference (--lang alone left en-US)
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", settings.language()));
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logging);
        return options;
    }

    private static void prepare(ChromeDriver driver, ChromiumSettings settings) {
        driver.manage().timeouts().scriptTimeout(SCRIPT_TIMEOUT);
        fitViewport(driver, settings);
        // Intl's default locale (toLocaleString(), Intl.DateTimeFormat()) ignores both --lang and the preference in
        // headless Chromium 156 and stays en-US; this sets it for the tab the browser starts with (windows a page
        // opens do not get it)
        driver.executeCdpCommand("Emulation.setLocaleOverride", Map.of("locale", settings.language()));
    }

    /**
     * Headless Chromium still draws a window frame and toolbar inside {@code --window-size} (1280 x 900 left a 1280 x
     * 757 page), so the window is grown by exactly that frame: pages and screenshots get the size the settings name.
     */
    @SuppressWarnings("unchecked")
    private static void fitViewport(ChromeDriver driver, ChromiumSettings settings) {
        Map<String, Long> sizes =
                (Map<String, Long>) driver.executeScript("return {outerWidth, outerHeight, innerWidth, innerHeight};");
        long frameWidth = sizes.get("outerWidth") - sizes.get("innerWidth");
        long frameHeight = sizes.get("outerHeight") - sizes.get("innerHeight");
        driver.manage()
                .window()
                .setSize(new Dimension(
                        Math.toIntExact(settings.width() + frameWidth),
                        Math.toIntExact(settings.height() + frameHeight)));
    }

    private static void requireExecutable(Path path, String what, String variable) {
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException(what + " not found at " + path + " (" + variable
                    + " names another path); install Chromium and its driver with: " + INSTALL_COMMAND);
        }
    }

    private static Path createProfile() {
        try {
            return Files.createTempDirectory("chromium-profile-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteProfile(Path profile) {
        try (Stream<Path> files = Files.walk(profile)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the browser profile " + profile, e);
        }
    }

    /** axe-core's script from its WebJar, read once per JVM. */
    private static final class AxeScript {
        static final String SOURCE = read();

        private static String read() {
            ClassLoader loader = Chromium.class.getClassLoader();
            try (InputStream pom = loader.getResourceAsStream(AXE_WEBJAR)) {
                if (pom == null) {
                    throw new IllegalStateException(AXE_WEBJAR + " is not on the classpath (org.webjars.npm:axe-core)");
                }
                Properties properties = new Properties();
                properties.load(pom);
                String script =
                        "META-INF/resources/webjars/axe-core/" + properties.getProperty("version") + "/axe.min.js";
                try (InputStream source = loader.getResourceAsStream(script)) {
                    if (source == null) {
                        throw new IllegalStateException(script + " is not on the classpath");
                    }
                    return new String(source.readAllBytes(), StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

package io.securityexport.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * One Chromium (reporting Japanese) for the class, against pages served by the JDK's HTTP server under the strict
 * Content-Security-Policy the admin console sends: {@code default-src 'self'}, so no inline script and no eval.
 */
class ChromiumIntegrationTest {

    private static final String POLICY = "default-src 'self'";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots", "ChromiumIntegrationTest");
    private static final Map<String, String> ACCEPT_LANGUAGE = new ConcurrentHashMap<>();

    private static HttpServer server;
    private static Chromium chromium;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        page("/", "text/html", Pages.CLEAN);
        page("/app.js", "text/javascript", Pages.SCRIPT);
        page("/inline", "text/html", Pages.INLINE_SCRIPT);
        page("/unlabelled", "text/html", Pages.UNLABELLED_INPUT);
        // Chromium asks for it on every page; a 404 would show as a console error
        page("/favicon.ico", "image/x-icon", "");
        server.start();
        chromium = Chromium.start("ja");
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    @BeforeEach
    void forgetEarlierConsoleErrors() {
        chromium.driver().get("about:blank");
        chromium.consoleErrors();
    }

    @Test
    void clickingTheButtonRunsThePagesOwnScriptUnderTheStrictPolicy() {
        open("/");

        chromium.driver().findElement(By.id("greet")).click();

        chromium.waitFor(ExpectedConditions.textToBe(By.id("greeting"), "Hello"));
        assertThat(chromium.consoleErrors()).isEmpty();
    }

    @Test
    void inlineScriptIsRefusedAndTheRefusalShowsAsAConsoleError() {
        open("/inline");

        assertThat(chromium.driver().findElement(By.id("status")).getText()).isEqualTo("inline script did not run");
        assertThat(chromium.consoleErrors())
                .anySatisfy(error -> assertThat(error).contains("Content Security Policy"));
    }

    @Test
    void pageAndServerBothSeeTheChosenLanguage() {
        open("/");

        chromium.waitFor(ExpectedConditions.textToBe(By.id("language"), "ja"));
        assertThat(chromium.driver().findElement(By.id("date")).getText()).isEqualTo("1970/1/1");
        assertThat(ACCEPT_LANGUAGE.get("/")).startsWith("ja").doesNotContain("en");
    }

    @Test
    void injectedAxeFindsTheUnlabelledInputDespiteThePolicy() {
        open("/unlabelled");

        assertThat(chromium.accessibilityViolations()).anySatisfy(violation -> {
            assertThat(violation.id()).isEqualTo("label");
            assertThat(violation.isSeriousOrCritical()).isTrue();
            assertThat(violation.targets()).containsExactly("#name");
        });
        assertThat(chromium.consoleErrors()).isEmpty();
    }

    @Test
    void cleanPageHasNoSeriousOrCriticalViolation() {
        open("/");

        assertThat(chromium.accessibilityViolations())
                .filteredOn(AccessibilityViolation::isSeriousOrCritical)
                .isEmpty();
        assertThat(chromium.consoleErrors()).isEmpty();
    }

    @Test
    void screenshotIsAPngOfTheWholeWindow() throws IOException {
        open("/");

        Path file = chromium.screenshot(SCREENSHOTS, "01-clean-page");

        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(1280);
        assertThat(image.getHeight()).isEqualTo(900);
        assertThat(chromium.driver().manage().window().getSize().getHeight()).isGreaterThan(900);
    }

    @Test
    void closingDeletesTheProfile() {
        Path profile;
        try (Chromium other = Chromium.start()) {
            profile = other.profile();
            assertThat(profile).isDirectory();
        }
        assertThat(profile).doesNotExist();
    }

    private static void open(String path) {
        chromium.driver()
                .get("http://" + server.getAddress().getHostString() + ":"
                        + server.getAddress().getPort() + path);
    }

    private static void page(String path, String type, String body) {
        server.createContext(path, exchange -> {
            if (!exchange.getRequestURI().getPath().equals(path)) {
                answer(exchange, 404, "text/plain", "not found");
                return;
            }
            ACCEPT_LANGUAGE.put(
                    path, String.valueOf(exchange.getRequestHeaders().getFirst("Accept-Language")));
            answer(exchange, 200, type, body);
        });
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        exchange.getResponseHeaders().set("Content-Security-Policy", POLICY);
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static final class Pages {
        static final String CLEAN = """
                <!doctype html>
                <html lang="en">
                <head><meta charset="utf-8"><title>Admin console</title><script src="/app.js" defer></script></head>
                <body>
                  <main>
                    <h1>Admin console</h1>
                    <button id="greet" type="button">Greet</button>
                    <p id="greeting"></p>
                    <p>Browser language: <span id="language"></span></p>
                    <p>Epoch: <span id="date"></span></p>
                  </main>
                </body>
                </html>
                """;

        static final String SCRIPT = """
                document.getElementById('language').textContent = navigator.language;
                document.getElementById('date').textContent = new Date(0).toLocaleDateString(undefined, { timeZone: 'UTC' });
                document.getElementById('greet').addEventListener('click', () => {
                  document.getElementById('greeting').textContent = 'Hello';
                });
                """;

        static final String INLINE_SCRIPT = """
                <!doctype html>
                <html lang="en">
                <head><meta charset="utf-8"><title>Inline script</title></head>
                <body>
                  <main><p id="status">inline script did not run</p></main>
                  <script>document.getElementById('status').textContent = 'inline script ran';</script>
                </body>
                </html>
                """;

        static final String UNLABELLED_INPUT = """
                <!doctype html>
                <html lang="en">
                <head><meta charset="utf-8"><title>Unlabelled input</title></head>
                <body>
                  <main><h1>Settings</h1><input id="name" type="text"></main>
                </body>
                </html>
                """;
    }
}

package io.securityexport.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.securityexport.common.export.ExportMessages;
import io.securityexport.common.export.ExportResult;
import io.securityexport.testsupport.AccessKey;
import io.securityexport.testsupport.AccessibilityViolation;
import io.securityexport.testsupport.Chromium;
import io.securityexport.testsupport.Infrastructure;
import io.securityexport.testsupport.S3Permission;
import io.securityexport.testsupport.TestResources;
import io.securityexport.testsupport.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin console in a real headless Chromium against the real config service, S3 server (SigV4, permissions) and
 * STS endpoint: both setup methods, the history, read-only access, a concurrent change, two languages, text from the
 * server that tries to run, and the accessibility check. Screenshots of each step go to {@code
 * target/screenshots/admin-console/}.
 */
@SpringBootTest(
        classes = ConfigApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.name=" + ConfigApplication.CONFIG_NAME,
            TestKeys.DEMO_KEYS_ALLOWED,
            "ALERTS_ALLOW_PRIVATE_WEBHOOKS=true",
            "security-export.config.credential-test.assume-role-retries=0"
        })
class AdminConsoleIntegrationTest {

    static final Infrastructure INFRASTRUCTURE = Infrastructure.shared();
    static final String PREFIX = TestResources.uniqueName("console");
    static final String DATABASE = INFRASTRUCTURE.postgres().createDatabase("console");
    static final String BUCKET = TestResources.uniqueName("console-bucket");
    static final AccessKey CUSTOMER = INFRASTRUCTURE.s3().createUser("console");
    static final Path SCREENSHOTS = Path.of("target", "screenshots", "admin-console");
    static final JsonMapper JSON = JsonMapper.builder().build();

    static Chromium browser;
    static WebhookReceiver receiver;

    @Value("${local.server.port}")
    int port;

    WebTestClient api;
    String testName;
    int step;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        INFRASTRUCTURE.s3().createBucket(BUCKET);
        ConfigEnvironment.register(registry, INFRASTRUCTURE, DATABASE, PREFIX);
    }

    @BeforeAll
    static void startBrowser() throws IOException {
        browser = Chromium.start();
        receiver = new WebhookReceiver();
    }

    @AfterAll
    static void stopBrowser() {
        browser.close();
        receiver.close();
    }

    @BeforeEach
    void setUp(TestInfo test) {
        api = TenantClients.admin(port);
        testName = test.getTestMethod().orElseThrow().getName();
        step = 0;
    }

    @AfterEach
    void pageRaisedNoErrors() {
        assertThat(pageErrors(browser))
                .as("browser console errors (CSP violations, script errors)")
                .isEmpty();
        WebDriver driver = browser.driver();
        if (driver.getCurrentUrl().startsWith("http")) {
            ((JavascriptExecutor) driver).executeScript("sessionStorage.clear(); localStorage.clear()");
        }
        driver.get("about:blank");
    }

    // ------------------------------------------------------------------ setup, both methods

    @Test
    void anAdminSetsUpAnAccessKeyFindsTheMissingPermissionFixesItAndSaves() {
        AccessKey key = INFRASTRUCTURE.s3().createUser("console-ak");
        INFRASTRUCTURE.s3().deny(key.accessKeyId(), S3Permission.PUT_OBJECT);
        open("ak-setup", TestTokens.admin("ak-setup"));
        screenshot("opened-unconfigured");

        type("bucket", BUCKET);
        type("folderPath", "audit/security");
        type("accessKeyId", key.accessKeyId());
        type("secretAccessKey", key.secretAccessKey());
        click("test-credentials");
        WebElement put = browser.waitFor(d -> checkShown(d, "PutObject", "FAILED"));
        assertThat(put.getText())
                .contains("AccessDenied")
                .contains("add s3:PutObject on arn:aws:s3:::" + BUCKET + "/audit/security/*");
        assertThat(checkNames())
                .containsExactly("GetBucketLocation", "ListBucket", "PutObject", "GetObject", "DeleteObject");
        screenshot("putobject-denied");

        click("save");
        browser.waitFor(d -> d.findElement(By.id("save-anyway")).isDisplayed());
        assertThat(text("form-error")).contains("Not saved");
        screenshot("save-refused-offers-save-anyway");
        assertThat(getSettings("ak-setup").getStatus().value()).isEqualTo(404);

        INFRASTRUCTURE.s3().allowAll(key.accessKeyId());
        click("test-credentials");
        browser.waitFor(d -> d.findElements(By.cssSelector("#checks li.PASSED")).size() == 5);
        screenshot("every-check-passed");
        click("save");
        browser.waitFor(d -> text("form-status").equals("Saved."));
        screenshot("saved");

        JsonNode saved = JSON.readTree(getSettings("ak-setup").getResponseBody());
        assertThat(saved.get("bucket").asString()).isEqualTo(BUCKET);
        assertThat(saved.get("folderPath").asString()).isEqualTo("audit/security");
        String last4 = key.accessKeyId().substring(16);
        assertThat(saved.at("/credentials/accessKeyIdLast4").asString()).isEqualTo(last4);
        WebElement keyId = browser.driver().findElement(By.id("accessKeyId"));
        assertThat(keyId.getDomProperty("value")).isEmpty();
        assertThat(keyId.getDomAttribute("placeholder")).isEqualTo("set, ends in …" + last4);
        assertThat(browser.driver().findElement(By.id("secretAccessKey")).getDomProperty("value"))
                .isEmpty();

        // switched off from the page, without typing the key again: the stored key pair is kept
        click("enabled");
        click("save");
        browser.waitFor(d -> text("form-status").equals("Saved."));
        JsonNode off = JSON.readTree(getSettings("ak-setup").getResponseBody());
        assertThat(off.get("enabled").asBoolean()).isFalse();
        assertThat(off.at("/credentials/accessKeyIdLast4").asString()).isEqualTo(last4);
        screenshot("switched-off");
    }

    @Test
    void anAdminSetsUpARoleWithTheExternalIdCopiedFromThePage() {
        String roleArn = "arn:aws:iam::210987654321:role/console-export";
        open("role-setup", TestTokens.admin("role-setup"));
        click("method-role");
        type("bucket", BUCKET);
        type("folderPath", "siem");
        browser.driver().findElement(By.id("folderPath")).sendKeys(Keys.TAB);
        browser.waitFor(d -> text("permission-policy").contains("arn:aws:s3:::" + BUCKET + "/siem/*"));
        String externalId = text("trust-external-id");
        assertThat(externalId).startsWith("sx-");
        assertThat(text("trust-account")).isEqualTo(INFRASTRUCTURE.sts().platformAccountId());
        assertThat(text("trust-policy"))
                .contains(externalId)
                .contains(INFRASTRUCTURE.sts().platformAccountId());
        click(By.cssSelector("button[data-copy=trust-external-id]"));
        browser.waitFor(d -> text("copy-status").equals("Copied to the clipboard."));
        screenshot("role-trust-shown");

        type("roleArn", roleArn);
        click("test-credentials");
        browser.waitFor(d -> checkShown(d, "AssumeRole", "FAILED"));
        assertThat(browser.driver().findElement(By.id("role-wait-hint")).isDisplayed())
                .isTrue();
        screenshot("role-not-yet-trusted");

        // the customer creates the role with the external ID the page showed
        INFRASTRUCTURE.sts().defineRole(roleArn, Optional.of(externalId));
        click("test-credentials");
        browser.waitFor(d -> checkShown(d, "AssumeRole", "PASSED"));
        browser.waitFor(d -> checkShown(d, "PutObject", "PASSED"));
        assertThat(browser.driver().findElement(By.id("role-wait-hint")).isDisplayed())
                .isFalse();
        click("save");
        browser.waitFor(d -> text("form-status").equals("Saved."));
        screenshot("role-saved");

        JsonNode saved = JSON.readTree(getSettings("role-setup").getResponseBody());
        assertThat(saved.at("/credentials/roleArn").asString()).isEqualTo(roleArn);
        assertThat(saved.at("/credentials/externalId").asString()).isEqualTo(externalId);
    }

    // ------------------------------------------------------------------ watching it

    @Test
    void aDayIsExportedAgainFromTheHistory() {
        saveWorkingSettings("history");
        LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        open("history", TestTokens.admin("history"));
        browser.waitFor(d -> d.findElement(By.id("runs-empty")).isDisplayed());

        ((JavascriptExecutor) browser.driver())
                .executeScript("document.getElementById('backfill-day').value = arguments[0]", yesterday.toString());
        click("backfill");
        browser.waitFor(d -> runRows(d, yesterday).size() == 1);
        assertThat(runRows(browser.driver(), yesterday).get(0).getText()).contains("On request", "Requested");
        screenshot("day-requested");

        UUID jobId = UUID.fromString(firstRun("history").get("jobId").asString());
        finish(jobId, "history", yesterday, ExportResult.Status.SUCCEEDED, null, null);
        browser.driver().navigate().refresh();
        browser.waitFor(d -> runRows(d, yesterday).size() == 1
                && runRows(d, yesterday).get(0).getText().contains("Delivered"));
        String row = runRows(browser.driver(), yesterday).get(0).getText();
        assertThat(row).contains("1,234").contains("a".repeat(64));
        screenshot("delivered");

        runRows(browser.driver(), yesterday)
                .get(0)
                .findElement(By.cssSelector("button.again"))
                .click();
        browser.waitFor(d -> runRows(d, yesterday).size() == 2);
        screenshot("exported-again");
        assertThat(text("backfill-status")).startsWith("The export of ");
    }

    @Test
    void theHistoryShowsOlderRunsAPageAtATime() {
        saveWorkingSettings("long-history");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (int i = 0; i < 23; i++) {
            api.post()
                    .uri("/long-history/security-export/runs")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"day\":\"" + today.minusDays(i) + "\"}")
                    .exchange()
                    .expectStatus()
                    .isAccepted();
        }
        open("long-history", TestTokens.admin("long-history"));
        browser.waitFor(d -> d.findElements(By.cssSelector("#runs-body tr")).size() == 20);
        assertThat(runRows(browser.driver(), today)).hasSize(1);
        assertThat(runRows(browser.driver(), today.minusDays(22))).isEmpty();

        click("runs-more");
        browser.waitFor(d -> d.findElements(By.cssSelector("#runs-body tr")).size() == 23);
        assertThat(runRows(browser.driver(), today.minusDays(22))).hasSize(1);
        assertThat(browser.driver().findElement(By.id("runs-more")).isDisplayed())
                .isFalse();
        screenshot("every-run-shown");
    }

    @Test
    void aReadOnlyTokenShowsEverythingAndChangesNothing() {
        saveWorkingSettings("reader-co");
        open("reader-co", TestTokens.reader("reader-co"));
        browser.waitFor(d -> d.findElement(By.id("readonly-note")).isDisplayed());

        assertThat(browser.driver().findElement(By.id("bucket")).getDomProperty("value"))
                .isEqualTo(BUCKET);
        List<WebElement> controls = browser.driver()
                .findElements(
                        By.cssSelector(
                                "#settings-form input, #settings-form button:not(.copy), #backfill-form input,"
                                        + " #backfill-form button, #channel-form input, #channel-form select, #channel-form button"));
        assertThat(controls).isNotEmpty().noneMatch(WebElement::isEnabled);
        assertThat(text("access-badge")).isEqualTo("Read-only");
        screenshot("read-only");

        // and the API refuses a change made with the page's token anyway
        Object status = ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
                        const done = arguments[arguments.length - 1];
                        fetch('/api/v1/companies/reader-co/security-export', {method: 'DELETE',
                          headers: {Authorization: 'Bearer ' + sessionStorage.getItem('security-export.token')}})
                          .then(r => done(r.status), e => done(String(e)));""");
        assertThat(status).isEqualTo(403L);
        assertThat(getSettings("reader-co").getStatus().value()).isEqualTo(200);
    }

    @Test
    void aConcurrentChangeIsToldAndTheSettingsCanBeReloaded() {
        saveWorkingSettings("race");
        open("race", TestTokens.admin("race"));
        browser.waitFor(
                d -> !d.findElement(By.id("bucket")).getDomProperty("value").isEmpty());

        // another admin saves first
        api.put()
                .uri("/race/security-export?saveAnyway=true")
                .header("If-Match", "\"1\"")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(settingsJson("other-admin"))
                .exchange()
                .expectStatus()
                .isOk();

        type("folderPath", "mine");
        click("save");
        browser.waitFor(d -> d.findElement(By.id("banner")).isDisplayed());
        assertThat(text("banner-text")).startsWith("Someone else changed these settings");
        screenshot("changed-meanwhile");
        click("banner-reload");
        browser.waitFor(
                d -> "other-admin".equals(d.findElement(By.id("folderPath")).getDomProperty("value")));
        screenshot("reloaded");
        assertThat(JSON.readTree(getSettings("race").getResponseBody())
                        .get("folderPath")
                        .asString())
                .isEqualTo("other-admin");
    }

    @Test
    void notificationChannelsAreAddedTestedAndRemovedAndTheSecretIsShownOnce() {
        saveWorkingSettings("alerts-co");
        open("alerts-co", TestTokens.admin("alerts-co"));
        browser.waitFor(d -> d.findElement(By.id("channels-empty")).isDisplayed());

        type("channel-url", "ftp://example.com/hook");
        click("channel-add");
        browser.waitFor(d -> !text("channel-url-error").isEmpty());
        screenshot("webhook-refused");

        browser.driver().findElement(By.id("channel-url")).clear();
        type("channel-url", receiver.url("/console-hook"));
        click("channel-add");
        browser.waitFor(d -> d.findElement(By.id("channel-secret")).isDisplayed());
        String secret = text("channel-secret-value");
        assertThat(secret).startsWith("whsec_");
        receiver.secret("/console-hook", secret);
        screenshot("webhook-secret-shown-once");
        click("channel-secret-done");
        assertThat(text("channel-secret-value")).isEmpty();

        WebElement channel = browser.waitFor(d -> d.findElement(By.cssSelector("#channel-list li")));
        channel.findElement(By.xpath(".//button[text()='Send a test']")).click();
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(() -> receiver.on("/console-hook").size() == 1);
        assertThat(receiver.on("/console-hook").get(0).signatureValid()).isTrue();
        screenshot("test-sent");

        new Select(browser.driver().findElement(By.id("channel-kind"))).selectByValue("email");
        type("channel-addresses", "soc@acme.example\nnot an address");
        click("channel-add");
        browser.waitFor(d -> !text("channel-addresses-error").isEmpty());

        browser.driver()
                .findElement(By.cssSelector("#channel-list li"))
                .findElement(By.xpath(".//button[text()='Remove']"))
                .click();
        browser.driver().switchTo().alert().accept();
        browser.waitFor(d -> d.findElements(By.cssSelector("#channel-list li")).isEmpty());
        screenshot("removed");
    }

    // ------------------------------------------------------------------ languages

    @Test
    void aJapaneseBrowserGetsThePageAndTheApiSentencesInJapanese() throws IOException {
        AccessKey key = INFRASTRUCTURE.s3().createUser("console-ja");
        INFRASTRUCTURE.s3().deny(key.accessKeyId(), S3Permission.PUT_OBJECT);
        Map<String, String> japanese = texts("ja");
        try (Chromium japaneseBrowser = Chromium.start("ja")) {
            japaneseBrowser.driver().get(consoleUrl("ja-co", TestTokens.admin("ja-co")));
            japaneseBrowser.waitFor(
                    d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
            WebDriver driver = japaneseBrowser.driver();
            assertThat(driver.findElement(By.tagName("html")).getDomAttribute("lang"))
                    .isEqualTo("ja");
            assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo(japanese.get("title"));
            assertThat(driver.findElement(By.id("save")).getText()).isEqualTo(japanese.get("save"));

            driver.findElement(By.id("bucket")).sendKeys(BUCKET);
            driver.findElement(By.id("accessKeyId")).sendKeys(key.accessKeyId());
            driver.findElement(By.id("secretAccessKey")).sendKeys(key.secretAccessKey());
            driver.findElement(By.id("test-credentials")).click();
            WebElement put = japaneseBrowser.waitFor(d -> checkShown(d, "PutObject", "FAILED"));
            assertThat(put.findElement(By.className("sentence")).getText())
                    .contains("s3:PutObject")
                    .containsPattern("[\\p{IsHiragana}\\p{IsKatakana}\\p{IsHan}]");
            japaneseBrowser.fullPageScreenshot(SCREENSHOTS.resolve(testName), "01-japanese-putobject-denied");
            assertThat(pageErrors(japaneseBrowser)).isEmpty();
        }
    }

    @Test
    void theLanguageSwitchTurnsThePageAndTheApiSentencesFrench() throws IOException {
        Map<String, String> french = texts("fr");
        open("fr-co", TestTokens.admin("fr-co"));
        new Select(browser.driver().findElement(By.id("language"))).selectByValue("fr");
        browser.waitFor(
                d -> french.get("save").equals(d.findElement(By.id("save")).getText()));
        assertThat(browser.driver().findElement(By.tagName("html")).getDomAttribute("lang"))
                .isEqualTo("fr");

        type("bucket", "Not_A_Bucket");
        type("accessKeyId", CUSTOMER.accessKeyId());
        type("secretAccessKey", CUSTOMER.secretAccessKey());
        click("test-credentials");
        browser.waitFor(d -> !text("bucket-error").isEmpty());
        assertThat(browser.driver().findElement(By.id("bucket")).getDomAttribute("aria-invalid"))
                .isEqualTo("true");
        String sentence = text("bucket-error");
        assertThat(sentence).isNotEqualTo(englishBucketError()).doesNotContain("must be");
        screenshot("french-field-error");

        // the choice is remembered for the next visit, and switching back works
        browser.driver().navigate().refresh();
        browser.waitFor(
                d -> french.get("save").equals(d.findElement(By.id("save")).getText()));
        new Select(browser.driver().findElement(By.id("language"))).selectByValue("en");
        browser.waitFor(d -> "Save Changes".equals(d.findElement(By.id("save")).getText()));
    }

    // ------------------------------------------------------------------ safe and accessible

    @Test
    void textFromTheServerIsShownAsTextAndNeverRuns() throws Exception {
        saveWorkingSettings("xss-co");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        api.post()
                .uri("/xss-co/security-export/runs")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"day\":\"" + today + "\"}")
                .exchange()
                .expectStatus()
                .isAccepted();
        String hostile = "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=2</script> bucket <b>x</b>";
        UUID jobId = UUID.fromString(firstRun("xss-co").get("jobId").asString());
        finish(jobId, "xss-co", today, ExportResult.Status.FAILED, "InternalError", hostile);

        open("xss-co", TestTokens.admin("xss-co"));
        browser.waitFor(d -> runRows(d, today).size() == 1);
        WebElement cell = runRows(browser.driver(), today).get(0).findElement(By.className("error-cell"));
        assertThat(cell.getText()).isEqualTo(hostile);
        assertThat(cell.findElements(By.xpath(".//*"))).isEmpty();
        assertThat(((JavascriptExecutor) browser.driver()).executeScript("return window.__pwned"))
                .isNull();
        screenshot("hostile-text-shown-as-text");

        HttpResponse<String> page = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/admin"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(policy)
                .contains("script-src 'self'")
                .contains("style-src 'self'")
                .doesNotContain("unsafe");
        assertThat(page.body()).doesNotContain("<script>").doesNotContain("style=");
    }

    @Test
    void thePageHasNoSeriousAccessibilityViolationAndWorksWithTheKeyboard() {
        saveWorkingSettings("a11y-co");
        open("a11y-co", TestTokens.admin("a11y-co"));
        List<AccessibilityViolation> accessKeyView = browser.accessibilityViolations();
        assertThat(accessKeyView).noneMatch(AccessibilityViolation::isSeriousOrCritical);

        // keyboard only: reach the controls with Tab, choose the role method with the arrow keys
        List<String> reached = new ArrayList<>();
        WebDriver driver = browser.driver();
        driver.findElement(By.tagName("body")).sendKeys(Keys.TAB);
        for (int i = 0; i < 40; i++) {
            WebElement focused = driver.switchTo().activeElement();
            reached.add(focused.getDomAttribute("id"));
            if ("method-access-key".equals(focused.getDomAttribute("id"))) {
                focused.sendKeys(Keys.ARROW_DOWN);
                break;
            }
            focused.sendKeys(Keys.TAB);
        }
        assertThat(reached).contains("language", "enabled", "method-access-key");
        browser.waitFor(d -> d.findElement(By.id("role-fields")).isDisplayed());
        browser.waitFor(d -> !text("trust-external-id").isEmpty());
        screenshot("role-method-by-keyboard");

        List<AccessibilityViolation> roleView = browser.accessibilityViolations();
        assertThat(roleView).noneMatch(AccessibilityViolation::isSeriousOrCritical);

        // the switch toggles with the space bar, and Test Credentials runs from the keyboard
        WebElement enabled = driver.findElement(By.id("enabled"));
        boolean before = enabled.isSelected();
        enabled.sendKeys(Keys.SPACE);
        assertThat(enabled.isSelected()).isNotEqualTo(before);
        // Test Credentials without a role ARN: the field's error is shown next to it, and the focus moves there
        driver.findElement(By.id("test-credentials")).sendKeys(Keys.ENTER);
        browser.waitFor(d -> !text("roleArn-error").isEmpty());
        assertThat(driver.switchTo().activeElement().getDomAttribute("id")).isEqualTo("roleArn");
        List<AccessibilityViolation> withResults = browser.accessibilityViolations();
        assertThat(withResults).noneMatch(AccessibilityViolation::isSeriousOrCritical);
        screenshot("keyboard-field-error");
    }

    @Test
    void aPageWithoutATokenSaysWhereToOpenIt() {
        browser.driver().get("http://127.0.0.1:" + port + "/admin");
        browser.waitFor(d -> d.findElement(By.id("signed-out")).isDisplayed());
        assertThat(browser.driver().findElement(By.id("settings")).isDisplayed())
                .isFalse();
        screenshot("signed-out");
    }

    // ------------------------------------------------------------------ helpers

    /** What the console logged, but for the API's refusals the test provoked (Chromium logs every 4xx it fetched). */
    private static List<String> pageErrors(Chromium browser) {
        return browser.consoleErrors().stream()
                .filter(
                        error -> !error.matches(
                                "\\S+/api/v1/companies/\\S+ - Failed to load resource: the server responded with a status of 4\\d\\d .*"))
                .toList();
    }

    private String consoleUrl(String company, String token) {
        return "http://127.0.0.1:" + port + "/admin#company=" + company + "&token=" + token;
    }

    private void open(String company, String token) {
        WebDriver driver = browser.driver();
        driver.get(consoleUrl(company, token));
        browser.waitFor(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
        assertThat(driver.getCurrentUrl())
                .as("the token leaves the address bar")
                .doesNotContain("token");
    }

    private void type(String id, String text) {
        browser.driver().findElement(By.id(id)).sendKeys(text);
    }

    private void click(String id) {
        click(By.id(id));
    }

    private void click(By by) {
        browser.driver().findElement(by).click();
    }

    private String text(String id) {
        return browser.driver().findElement(By.id(id)).getText();
    }

    private void screenshot(String name) {
        step++;
        browser.fullPageScreenshot(SCREENSHOTS.resolve(testName), "%02d-%s".formatted(step, name));
    }

    private static WebElement checkShown(WebDriver driver, String check, String status) {
        List<WebElement> found = driver.findElements(By.cssSelector("#checks li[data-check=" + check + "]." + status));
        return found.isEmpty() ? null : found.get(0);
    }

    private List<String> checkNames() {
        return browser.driver().findElements(By.cssSelector("#checks li")).stream()
                .map(li -> li.getDomAttribute("data-check"))
                .toList();
    }

    private static List<WebElement> runRows(WebDriver driver, LocalDate day) {
        return driver.findElements(By.xpath("//tbody[@id='runs-body']/tr[td/time[@datetime='" + day + "']]"));
    }

    private WebTestClient.ResponseSpec settingsRequest(String company) {
        return api.get().uri("/" + company + "/security-export").exchange();
    }

    private org.springframework.test.web.reactive.server.EntityExchangeResult<String> getSettings(String company) {
        return settingsRequest(company).expectBody(String.class).returnResult();
    }

    private static String settingsJson(String folder) {
        return """
                {"enabled":true,"bucket":"%s","folderPath":"%s","serverSideEncryption":true,
                 "credentials":{"method":"ACCESS_KEY","accessKeyId":"%s","secretAccessKey":"%s"}}""".formatted(BUCKET, folder, CUSTOMER.accessKeyId(), CUSTOMER.secretAccessKey());
    }

    private void saveWorkingSettings(String company) {
        api.put()
                .uri("/" + company + "/security-export")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(settingsJson("console"))
                .exchange()
                .expectStatus()
                .isOk();
    }

    private JsonNode firstRun(String company) {
        return JSON.readTree(api.get()
                        .uri("/" + company + "/security-export/runs")
                        .exchange()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody())
                .get(0);
    }

    /** A worker's result for the job, as the worker would publish it. */
    private static void finish(
            UUID jobId, String company, LocalDate day, ExportResult.Status status, String code, String message) {
        Instant now = Instant.now();
        boolean ok = status == ExportResult.Status.SUCCEEDED;
        ExportResult result = new ExportResult(
                jobId,
                company,
                day,
                status,
                BUCKET,
                ok ? "console/" + day + ".csv" : null,
                ok ? 1234 : 0,
                ok ? 56789 : 0,
                ok ? "a".repeat(64) : null,
                now.minusSeconds(3),
                now,
                code,
                message);
        INFRASTRUCTURE
                .kafka()
                .publish(PREFIX + ".security-export-results", company, List.of(ExportMessages.toJson(result)));
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(() -> INFRASTRUCTURE
                                .postgres()
                                .count(
                                        DATABASE,
                                        "SELECT count(*) FROM config.export_runs WHERE job_id = '" + jobId
                                                + "' AND status <> 'REQUESTED'")
                        == 1);
    }

    private static Map<String, String> texts(String language) throws IOException {
        Path file = Path.of("src/main/resources/static/admin/i18n/" + language + ".json");
        JsonNode node = JSON.readTree(Files.readString(file));
        java.util.Map<String, String> texts = new java.util.HashMap<>();
        node.propertyNames().forEach(name -> texts.put(name, node.get(name).asString()));
        return texts;
    }

    private String englishBucketError() {
        return api.post()
                .uri("/fr-co/security-export/test")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"bucket\":\"Not_A_Bucket\",\"credentials\":{\"method\":\"ROLE_ARN\",\"roleArn\":"
                        + "\"arn:aws:iam::123456789012:role/x\"}}")
                .exchange()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .at("/errors/0/message")
                .asString();
    }
}

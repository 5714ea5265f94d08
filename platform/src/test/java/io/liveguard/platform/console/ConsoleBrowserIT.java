package io.liveguard.platform.console;

import static io.liveguard.platform.console.ConsoleFixture.XSS_IMG;
import static io.liveguard.platform.console.ConsoleFixture.XSS_SCRIPT;
import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.platform.PlatformIT;
import io.liveguard.platform.browser.Browser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser (Debian's headless Chromium): an analyst watches a session produce
 * a finding on the wall as it happens, reviews and confirms it with the keyboard; the officer
 * disposes of the case, closes it and downloads the dossier. Hostile room text must render as text
 * on every page (no alert, no injected element, the text visible). The main pages are photographed
 * (see {@link Browser} for where the README's copies come from).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserIT extends PlatformIT {
  ConsoleFixture fx;
  Browser browser;
  WebDriver driver;

  @BeforeAll
  void setUp() throws Exception {
    fx = new ConsoleFixture(admin(), port, "browser").subjects("91330108MA7WQX2P2");
    fx.user("analyst", null);
    fx.user("officer", "330106");
    fx.session();
    browser = new Browser();
    driver = browser.driver;
  }

  @AfterAll
  void tearDown() throws Exception {
    if (browser != null) {
      browser.close();
    }
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  WebDriverWait waiting(int seconds) {
    return browser.waiting(Duration.ofSeconds(seconds));
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  void login(String username) {
    driver.manage().deleteAllCookies();
    driver.get(url("/login"));
    driver.findElement(By.name("username")).sendKeys(username);
    driver.findElement(By.name("password")).sendKeys("password-" + username);
    driver.findElement(By.cssSelector("form button[type=submit]")).click();
    waiting(20).until(d -> !d.getCurrentUrl().contains("/login"));
  }

  void shoot(String name) throws Exception {
    browser.shoot(name);
  }

  /**
   * The hostile text ran nowhere and is shown as text: no alert is open, no element was injected,
   * no alert() was called, and both payloads are part of the page's visible text.
   */
  void assertHostileTextIsInert(String where) {
    try {
      var alert = driver.switchTo().alert();
      throw new AssertionError(where + ": an alert opened: " + alert.getText());
    } catch (NoAlertPresentException expected) {
      // good
    }
    assertThat(
            (Long) js("return document.querySelectorAll('img[src=\"x\"], img[onerror]').length;"))
        .as(where + ": injected <img>")
        .isZero();
    assertThat(
            (Boolean)
                js(
                    "return Array.from(document.scripts).some(s => s.textContent.includes('alert(1)'));"))
        .as(where + ": injected <script>")
        .isFalse();
    assertThat((Boolean) js("return window.__alerted === true;")).as(where + ": alert()").isFalse();
    String visible = driver.findElement(By.tagName("main")).getText();
    assertThat(visible).as(where).contains(XSS_SCRIPT).contains(XSS_IMG.strip());
  }

  void trapAlerts() {
    js("window.__alerted = false; window.alert = function () { window.__alerted = true; };");
  }

  @Test
  void anAnalystAndAnOfficerTakeALiveFindingFromTheWallToAClosedCaseWithADossier()
      throws Exception {
    // The wall, live: the feed connects, then the session says something unlawful and hostile.
    login(fx.username("analyst", null));
    driver.get(url("/wall?jurisdiction=330106"));
    trapAlerts();
    waiting(20).until(d -> d.findElement(By.id("feed-state")).getAttribute("class").contains("ok"));
    String tile = ".tile[data-room=\"douyin|" + fx.room + "\"]";
    assertThat(driver.findElements(By.cssSelector(tile + " .findings li"))).isEmpty();
    fx.ingest(fx.hostileLine("4", "2026-11-20T20:01:00+08:00"));
    WebElement hit =
        waiting(30).until(d -> d.findElement(By.cssSelector(tile + " .lines li.flagged mark.hit")));
    assertThat(hit.getText()).isEqualTo("全网最低价");
    WebElement finding = driver.findElement(By.cssSelector(tile + " .findings li a"));
    assertThat(finding.getText()).isNotBlank();
    assertHostileTextIsInert("wall (live)");
    shoot("wall");

    // The review desk: start the review and confirm with the keyboard.
    finding.click();
    waiting(20).until(d -> d.getCurrentUrl().matches(".*/leads/\\d+$"));
    String leadUrl = driver.getCurrentUrl();
    long lead = Long.parseLong(leadUrl.substring(leadUrl.lastIndexOf('/') + 1));
    trapAlerts();
    assertHostileTextIsInert("review desk");
    assertThat(driver.findElement(By.cssSelector(".original mark.hit")).getText())
        .isEqualTo("全网最低价");
    assertThat(driver.findElement(By.cssSelector(".evidence .badge")).getText()).isEqualTo("证据已验证");
    // The article of the statute the finding cites, in its words.
    assertThat(driver.findElement(By.cssSelector("pre.statute")).getText()).matches("(?s)第.+条.+");
    driver.findElement(By.tagName("body")).sendKeys("r");
    waiting(20).until(d -> d.findElement(By.id("lead-status")).getText().equals("复审中"));
    shoot("review");
    driver.findElement(By.id("confirm-reason")).sendKeys("宣称全网最低价，无价格依据");
    driver.findElement(By.tagName("body")).click();
    driver.findElement(By.tagName("body")).sendKeys("c");
    waiting(20).until(d -> d.findElement(By.id("lead-status")).getText().equals("已确认"));

    // The queue and the case list show the hostile text as text too.
    driver.get(url("/leads?status=all"));
    trapAlerts();
    assertHostileTextIsInert("lead queue");
    shoot("leads");

    // Assignment by the analyst, then the officer disposes, verifies, closes.
    driver.get(url("/cases/" + lead));
    new Select(driver.findElement(By.name("officer")))
        .selectByValue(fx.username("officer", "330106"));
    driver.findElement(By.cssSelector("#form-assign button")).click();
    waiting(20).until(d -> d.findElement(By.id("case-status")).getText().equals("已指派"));

    login(fx.username("officer", "330106"));
    driver.get(url("/cases/" + lead));
    trapAlerts();
    assertHostileTextIsInert("case");
    new Select(driver.findElement(By.id("disposal"))).selectByValue("rectification_order");
    js(
        "document.getElementById('due').value = arguments[0];",
        LocalDate.now().plusDays(7).toString());
    driver.findElement(By.id("dispose-reason")).sendKeys("责令七日内删除违规话术");
    driver.findElement(By.cssSelector("#form-dispose button")).click();
    waiting(20).until(d -> d.findElement(By.id("case-status")).getText().equals("整改中"));
    driver.findElement(By.cssSelector("#form-verify button")).click();
    waiting(20).until(d -> d.findElement(By.id("case-status")).getText().equals("已整改"));
    driver.findElement(By.id("close-reason")).sendKeys("整改到位，结案");
    driver.findElement(By.cssSelector("#form-close button")).click();
    waiting(20).until(d -> d.findElement(By.id("case-status")).getText().equals("已结案"));
    List<WebElement> steps = driver.findElements(By.cssSelector("#timeline li"));
    assertThat(steps.stream().map(WebElement::getText).toList().toString())
        .contains("开始复审", "确认违规", "指派", "处置", "核实整改", "结案", "宣称全网最低价，无价格依据");
    trapAlerts();
    assertHostileTextIsInert("closed case");
    shoot("case");

    driver.get(url("/cases?status=all"));
    trapAlerts();
    assertThat(driver.findElement(By.tagName("main")).getText()).contains("已结案");
    assertHostileTextIsInert("case list");

    // The dossier, downloaded by the browser, is a PDF whose Chinese text extracts back.
    driver.get(url("/cases/" + lead));
    driver.findElement(By.id("dossier")).click();
    Path pdf = browser.downloads.resolve("dossier-" + lead + ".pdf");
    waiting(60).until(d -> Files.exists(pdf) && pdf.toFile().length() > 0);
    String text;
    try (var doc = Loader.loadPDF(pdf.toFile())) {
      text = new PDFTextStripper().getText(doc).replaceAll("\\s+", "");
    }
    assertThat(text)
        .contains("西湖好物browser直播间")
        .contains("【全网最低价】")
        .contains("《广告法》第9条")
        .contains("责令七日内删除违规话术")
        .contains("整改到位，结案")
        .contains(XSS_SCRIPT);

    // The English console, switched by the user and remembered.
    driver.get(url("/wall?lang=en&jurisdiction=330106"));
    trapAlerts();
    assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Monitoring wall");
    assertHostileTextIsInert("wall (English)");
    driver.get(url("/cases/" + lead));
    assertThat(driver.findElement(By.id("case-status")).getText()).isEqualTo("Closed");
    shoot("case-en");
  }
}

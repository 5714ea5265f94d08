package io.liveguard.platform.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.platform.PlatformIT;
import io.liveguard.platform.registry.Uscc;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A merchant pre-checks a script in a real headless Chromium: logs in, pastes a script with hostile
 * markup, sees the risky phrases marked (the markup shown as text, no alert), accepts one rewrite,
 * then all, downloads the clean script, and uploads a .docx.
 */
class MerchantPrecheckBrowserIT extends PlatformIT {
  static final String XSS1 = "<script>alert(1)</script>";
  static final String XSS2 = "\"><img src=x onerror=alert(1)>";

  String merchant() {
    String first17 = "91440101MA5C6D7E8";
    var e =
        admin()
            .post(
                "/api/v1/registry/enterprises",
                Map.of("uscc", first17 + Uscc.checkCharacter(first17), "name", "浏览器测试商家"));
    assertThat(e.status()).as(e.toString()).isEqualTo(201);
    long id =
        admin()
            .get("/api/v1/registry/enterprises?limit=1000")
            .json()
            .valueStream()
            .filter(n -> n.get("name").asString().equals("浏览器测试商家"))
            .findFirst()
            .orElseThrow()
            .get("id")
            .asLong();
    Map<String, Object> u = new HashMap<>();
    u.put("username", "browser-merchant");
    u.put("password", "browser-merchant-pw");
    u.put("role", "merchant");
    u.put("enterprise", id);
    assertThat(admin().post("/api/v1/users", u).status()).isEqualTo(201);
    return "browser-merchant";
  }

  static void assertNoAlert(WebDriver d) {
    try {
      d.switchTo().alert();
      throw new AssertionError("a script ran: an alert is open");
    } catch (NoAlertPresentException expected) {
      // markup was rendered as text
    }
  }

  @Test
  void aMerchantPreChecksAScript() throws Exception {
    String user = merchant();
    try (Browser browser = new Browser()) {
      ChromeDriver d = browser.driver;
      Path downloads = browser.downloads;
      String base = "http://127.0.0.1:" + port;
      WebDriverWait wait = browser.waiting(Duration.ofSeconds(30));
      d.get(base + "/login");
      d.findElement(By.name("username")).sendKeys(user);
      d.findElement(By.name("password")).sendKeys("browser-merchant-pw");
      d.findElement(By.cssSelector("form button[type=submit]")).click();
      wait.until(w -> !w.getCurrentUrl().contains("/login"));

      d.get(base + "/precheck");
      String script = "家人们，这款是全网最低价" + XSS1 + "\n送礼首选" + XSS2;
      WebElement text = d.findElement(By.id("precheck-text"));
      // Typed through the page's own textarea, as a merchant pastes it.
      ((org.openqa.selenium.JavascriptExecutor) d)
          .executeScript("arguments[0].value = arguments[1];", text, script);
      d.findElement(By.id("precheck-submit")).click();
      wait.until(w -> !w.findElements(By.id("precheck-script")).isEmpty());
      assertNoAlert(d);
      List<WebElement> marks = d.findElements(By.cssSelector("#precheck-script mark.hit"));
      assertThat(marks).extracting(WebElement::getText).contains("全网最低价", "首选");
      String shown = d.findElement(By.id("precheck-script")).getText();
      assertThat(shown).contains(XSS1).contains(XSS2);
      assertThat(d.findElements(By.cssSelector("#precheck-script img"))).isEmpty();
      assertThat(d.findElement(By.id("precheck-findings")).getText()).contains("《广告法》第9条");
      browser.shoot("precheck");

      // Accept one rewrite.
      d.findElement(By.id("accept-0")).click();
      d.findElement(By.id("precheck-apply-selected")).click();
      wait.until(w -> !w.findElements(By.id("precheck-applied")).isEmpty());
      assertNoAlert(d);
      String afterOne = d.findElement(By.id("precheck-script")).getText();
      assertThat(afterOne).doesNotContain("全网最低价").contains("首选");

      // Accept all: the script comes back clean.
      d.findElement(By.id("precheck-apply-all")).click();
      wait.until(w -> w.findElement(By.id("precheck-summary")).getText().contains("未发现风险用语"));
      String clean = d.findElement(By.id("precheck-script")).getText();
      assertThat(clean).doesNotContain("首选").contains(XSS1);

      // Download the clean script.
      d.findElement(By.id("precheck-download-button")).click();
      Path file = downloads.resolve("script-checked.txt");
      browser.waiting(Duration.ofSeconds(30)).until(w -> Files.exists(file));
      String downloaded = Files.readString(file, StandardCharsets.UTF_8);
      assertThat(downloaded.replace("\r\n", "\n")).isEqualTo(clean.replace("\r\n", "\n"));

      // Upload a Word document.
      Path docx = downloads.resolve("脚本.docx");
      Files.write(docx, docx("开场", "这是全网最低价"));
      d.get(base + "/precheck");
      d.findElement(By.id("precheck-file")).sendKeys(docx.toString());
      d.findElement(By.id("precheck-submit")).click();
      wait.until(w -> !w.findElements(By.id("precheck-script")).isEmpty());
      assertThat(d.findElements(By.cssSelector("#precheck-script mark.hit")))
          .extracting(WebElement::getText)
          .contains("全网最低价");

      // The officers' pages are closed to a merchant.
      d.get(base + "/dashboard");
      assertThat(d.getPageSource()).doesNotContain("chart-trend");
    }
  }

  @Test
  void theOfficersPagesRenderTheirChartsFromTheWebJar() throws Exception {
    try (Browser browser = new Browser()) {
      ChromeDriver d = browser.driver;
      String base = "http://127.0.0.1:" + port;
      WebDriverWait wait = browser.waiting(Duration.ofSeconds(30));
      d.get(base + "/login");
      d.findElement(By.name("username")).sendKeys(io.liveguard.platform.TestDatabase.ADMIN_USER);
      d.findElement(By.name("password"))
          .sendKeys(io.liveguard.platform.TestDatabase.ADMIN_PASSWORD);
      d.findElement(By.cssSelector("form button[type=submit]")).click();
      wait.until(w -> !w.getCurrentUrl().contains("/login"));
      d.get(base + "/dashboard?from=2026-10-01&to=2026-10-03");
      wait.until(w -> !w.findElements(By.id("chart-trend")).isEmpty());
      Object charts =
          d.executeScript(
              "return typeof Chart === 'undefined' ? -1 : ['chart-trend','chart-category','chart-status',"
                  + "'chart-precision'].filter(function (id) { return Chart.getChart(id) !== undefined; }).length;");
      assertThat(((Number) charts).intValue()).as("charts drawn by Chart.js").isEqualTo(4);
      assertNoAlert(d);
      browser.shoot("dashboard");
      d.get(base + "/rules/ABS-FIRST");
      assertThat(d.findElement(By.tagName("h1")).getText()).contains("ABS-FIRST");
      browser.shoot("rules");
      d.get(base + "/subjects?kind=room&q=");
      assertThat(d.findElement(By.id("subject-results")).isDisplayed()).isTrue();
      assertNoAlert(d);
    }
  }

  static byte[] docx(String... paragraphs) throws Exception {
    try (XWPFDocument doc = new XWPFDocument();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      for (String p : paragraphs) {
        doc.createParagraph().createRun().setText(p);
      }
      doc.write(out);
      return out.toByteArray();
    }
  }
}

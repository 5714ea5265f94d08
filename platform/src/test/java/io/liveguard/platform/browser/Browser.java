package io.liveguard.platform.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its chromedriver ({@code scripts/setup-system.sh}
 * installs both), for every browser test. Never skipped: a missing browser fails the test with what
 * to install. Each browser gets a fresh profile and download directory, removed on close.
 *
 * <p>Screenshots go to {@code target/screenshots/}; the ones the docs show are refreshed on purpose
 * with {@code -Dliveguard.screenshots=../docs/screenshots}, so a test run leaves the working tree
 * as it was.
 */
public final class Browser implements AutoCloseable {
  static final Path CHROMIUM =
      Path.of(System.getProperty("liveguard.chromium", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER =
      Path.of(System.getProperty("liveguard.chromedriver", "/usr/bin/chromedriver"));
  static final Path SHOTS =
      Path.of(System.getProperty("liveguard.screenshots", "target/screenshots"));

  public final ChromeDriver driver;
  public final Path downloads;
  private final Path profile;

  public Browser() throws IOException {
    for (Path p : new Path[] {CHROMIUM, CHROMEDRIVER}) {
      if (!Files.isExecutable(p)) {
        throw new IllegalStateException(
            p
                + " is missing: the browser tests need Debian's chromium and chromium-driver"
                + " packages (run scripts/setup-system.sh)");
      }
    }
    profile = Files.createTempDirectory("liveguard-chromium-profile");
    downloads = Files.createTempDirectory("liveguard-chromium-downloads");
    ChromeOptions o = new ChromeOptions();
    o.setBinary(CHROMIUM.toFile());
    o.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1400,1000",
        "--lang=zh-CN",
        "--user-data-dir=" + profile);
    Map<String, Object> prefs = new HashMap<>();
    prefs.put("download.default_directory", downloads.toString());
    prefs.put("download.prompt_for_download", false);
    prefs.put("plugins.always_open_pdf_externally", true);
    prefs.put("intl.accept_languages", "zh-CN,zh");
    o.setExperimentalOption("prefs", prefs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, o);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
  }

  /**
   * A wait that survives the page being replaced under it: a form post redirects back to a page, so
   * an element found just before the reload is gone by the time its text is read, and the condition
   * is then simply tried again. Chromium reports that either as {@link
   * StaleElementReferenceException} or, when the reload lands between finding the element and
   * reading it, as an "unknown error" whose message says the node does not belong to the document
   * (CI met both); any other driver error still fails the wait at once.
   */
  public WebDriverWait waiting(Duration timeout) {
    return new WebDriverWait(driver, timeout) {
      @Override
      public <V> V until(Function<? super WebDriver, ? extends V> condition) {
        return super.until(
            d -> {
              try {
                return condition.apply(d);
              } catch (WebDriverException e) {
                if (replaced(e)) {
                  return null;
                }
                throw e;
              }
            });
      }
    };
  }

  /** Whether the driver error says the element belonged to a page that has since been replaced. */
  static boolean replaced(WebDriverException e) {
    return e instanceof StaleElementReferenceException
        || String.valueOf(e.getMessage()).contains("does not belong to the document");
  }

  /** Saves what the browser shows as {@code NAME.png} in the screenshot directory. */
  public void shoot(String name) throws IOException {
    byte[] png = driver.getScreenshotAs(OutputType.BYTES);
    if (png.length < 8 || (png[0] & 0xff) != 0x89 || png[1] != 'P' || png[2] != 'N') {
      throw new IllegalStateException("the browser returned no PNG for screenshot " + name);
    }
    Files.createDirectories(SHOTS);
    Files.write(SHOTS.resolve(name + ".png"), png);
  }

  @Override
  public void close() throws IOException {
    try {
      driver.quit();
    } finally {
      delete(profile);
      delete(downloads);
    }
  }

  static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}

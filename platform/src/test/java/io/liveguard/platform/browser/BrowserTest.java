package io.liveguard.platform.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.NoSuchSessionException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;

class BrowserTest {

  @Test
  void aWaitRetriesOnlyWhenThePageWasReplacedUnderTheElement() {
    assertThat(Browser.replaced(new StaleElementReferenceException("stale element reference")))
        .isTrue();
    // What chromedriver 156 answered in CI when a redirect landed between find and getText.
    assertThat(
            Browser.replaced(
                new WebDriverException(
                    "unknown error: unhandled inspector error: {\"code\":-32000,\"message\":\"Node"
                        + " with given id does not belong to the document\"}")))
        .isTrue();
    assertThat(Browser.replaced(new NoSuchSessionException("invalid session id"))).isFalse();
    assertThat(Browser.replaced(new WebDriverException((String) null))).isFalse();
  }
}

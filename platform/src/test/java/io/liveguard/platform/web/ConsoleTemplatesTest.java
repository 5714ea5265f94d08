package io.liveguard.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The console pages of the wall, the review desk and the cases use only message keys that exist in
 * both languages, and never output unescaped text.
 */
class ConsoleTemplatesTest {
  static final List<String> BUNDLES =
      List.of("messages", "i18n/console", "i18n/wall", "i18n/review", "i18n/cases", "i18n/monitor");

  static Properties bundle(String suffix) throws IOException {
    Properties all = new Properties();
    for (String b : BUNDLES) {
      try (var in = ConsoleTemplatesTest.class.getResourceAsStream("/" + b + suffix)) {
        assertThat(in).as(b + suffix).isNotNull();
        all.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      }
    }
    return all;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "layout",
        "wall",
        "leads",
        "lead",
        "cases",
        "case",
        "console-error",
        "monitor/tasks"
      })
  void everyLiteralMessageKeyExistsInBothLanguagesAndNothingIsUnescaped(String template)
      throws IOException {
    String html;
    try (var in = getClass().getResourceAsStream("/templates/" + template + ".html")) {
      html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    // Parser-level comments (documentation of the frame) are not output.
    html = html.replaceAll("(?s)<!--/\\*.*?\\*/-->", "");
    assertThat(html).doesNotContain("th:utext").doesNotContain("[(${");
    Properties zh = bundle(".properties");
    Properties en = bundle("_en.properties");
    var m = Pattern.compile("#\\{([a-zA-Z0-9_.-]+)[}(]").matcher(html);
    int keys = 0;
    while (m.find()) {
      String key = m.group(1);
      assertThat(zh.containsKey(key)).as(template + ": " + key + " (zh-CN)").isTrue();
      assertThat(en.containsKey(key)).as(template + ": " + key + " (en)").isTrue();
      keys++;
    }
    assertThat(keys).isPositive();
  }
}

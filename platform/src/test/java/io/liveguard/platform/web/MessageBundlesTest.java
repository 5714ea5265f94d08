package io.liveguard.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bundle named in application.yaml exists in zh-CN (default) and English with the same keys.
 */
class MessageBundlesTest {

  static Properties load(String name) throws IOException {
    Properties p = new Properties();
    try (var in = MessageBundlesTest.class.getResourceAsStream("/" + name)) {
      assertThat(in).as(name).isNotNull();
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return p;
  }

  /** The basenames of {@code spring.messages.basename} in application.yaml. */
  static List<String> basenames() throws IOException {
    try (var in = MessageBundlesTest.class.getResourceAsStream("/application.yaml")) {
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      var m = Pattern.compile("(?m)^\\s+basename:\\s*(\\S+)\\s*$").matcher(yaml);
      assertThat(m.find()).as("spring.messages.basename in application.yaml").isTrue();
      return List.of(m.group(1).split(","));
    }
  }

  @Test
  void everyConsoleAreaIsConfigured() throws IOException {
    assertThat(basenames()).contains("messages", "i18n/console");
  }

  @ParameterizedTest
  @MethodSource("basenames")
  void chineseAndEnglishBundlesHaveTheSameKeys(String basename) throws IOException {
    Properties zh = load(basename + ".properties");
    Properties en = load(basename + "_en.properties");
    assertThat(en.stringPropertyNames())
        .containsExactlyInAnyOrderElementsOf(zh.stringPropertyNames());
  }

  @ParameterizedTest
  @MethodSource("basenames")
  void defaultBundleIsChinese(String basename) throws IOException {
    Properties zh = load(basename + ".properties");
    long chinese =
        zh.stringPropertyNames().stream()
            .filter(k -> zh.getProperty(k).matches("(?s).*[\\u4e00-\\u9fff].*"))
            .count();
    assertThat(chinese).as(basename).isGreaterThan(zh.size() / 2);
  }

  @ParameterizedTest
  @MethodSource("basenames")
  void placeholdersMatchAcrossBundles(String basename) throws IOException {
    Properties zh = load(basename + ".properties");
    Properties en = load(basename + "_en.properties");
    for (String k : zh.stringPropertyNames()) {
      assertThat(placeholders(en.getProperty(k))).as(k).isEqualTo(placeholders(zh.getProperty(k)));
    }
  }

  private static Set<String> placeholders(String s) {
    var m = Pattern.compile("\\{\\d+}").matcher(s == null ? "" : s);
    var out = new TreeSet<String>();
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }
}

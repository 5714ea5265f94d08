package io.liveguard.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class MessageBundlesTest {

  static Properties load(String name) throws IOException {
    Properties p = new Properties();
    try (var in = MessageBundlesTest.class.getResourceAsStream("/" + name)) {
      assertThat(in).as(name).isNotNull();
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return p;
  }

  @Test
  void chineseAndEnglishBundlesHaveTheSameKeys() throws IOException {
    Properties zh = load("messages.properties");
    Properties en = load("messages_en.properties");
    assertThat(en.stringPropertyNames())
        .containsExactlyInAnyOrderElementsOf(zh.stringPropertyNames());
  }

  @Test
  void defaultBundleIsChinese() throws IOException {
    Properties zh = load("messages.properties");
    assertThat(zh.getProperty("problem.forbidden")).matches(".*[\\u4e00-\\u9fff].*");
  }

  @Test
  void placeholdersMatchAcrossBundles() throws IOException {
    Properties zh = load("messages.properties");
    Properties en = load("messages_en.properties");
    for (String k : zh.stringPropertyNames()) {
      assertThat(placeholders(en.getProperty(k))).as(k).isEqualTo(placeholders(zh.getProperty(k)));
    }
  }

  private static java.util.Set<String> placeholders(String s) {
    var m = java.util.regex.Pattern.compile("\\{\\d+}").matcher(s == null ? "" : s);
    var out = new java.util.TreeSet<String>();
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }
}

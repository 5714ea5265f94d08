package io.liveguard.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The advertising-content rules stay silent on ordinary, lawful live-commerce speech: greetings,
 * sizes, materials, logistics, the mandatory notices, time words (最近, 最后一天, 第一次) and words that
 * merely contain a term (保本价, 包过年, 发烧友, 降压药, 万能胶).
 */
class OrdinarySpeechTest {

  /** The categories whose rules this corpus guards (docs/catalogue.md). */
  private static final Set<String> CATEGORIES =
      Set.of(
          "absolute",
          "state_organs",
          "superstition",
          "medical_claim",
          "health_food",
          "food_health_claim",
          "cosmetics",
          "drug_device",
          "unsourced_data",
          "patent",
          "disparage",
          "investment",
          "education",
          "endorsement");

  private static final Path CORPUS = Path.of("src/test/resources/corpus/ordinary-speech.txt");

  @Test
  void advertisingRulesIgnoreOrdinaryShopTalk() throws IOException {
    Detector detector = Detector.bundled();
    LocalDate date = LocalDate.of(2026, 11, 23);
    List<String> fired = new ArrayList<>();
    int checked = 0;
    for (String raw : Files.readAllLines(CORPUS, StandardCharsets.UTF_8)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String product = null;
      int bar = line.indexOf('|');
      if (bar > 0) {
        product = line.substring(0, bar);
        line = line.substring(bar + 1);
      }
      checked++;
      for (Finding f : detector.check(line, new CheckOptions(Channel.SPEECH, product, date))) {
        if (CATEGORIES.contains(f.category())) {
          fired.add(line + " → " + f.rule() + " 「" + f.matched() + "」");
        }
      }
    }
    assertThat(checked).as("corpus lines").isGreaterThan(100);
    assertThat(fired).as("findings on ordinary speech").isEmpty();
  }
}

package io.liveguard.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Typical violations of advertising content, written as streamers say them (some with evasive
 * spellings), are each caught by a rule of the expected category.
 */
class TypicalViolationsTest {

  private static final Path CORPUS = Path.of("src/test/resources/corpus/typical-violations.txt");

  @Test
  void everyTypicalViolationIsCaughtInItsCategory() throws IOException {
    Detector detector = Detector.bundled();
    LocalDate date = LocalDate.of(2026, 11, 23);
    List<String> missed = new ArrayList<>();
    int checked = 0;
    for (String raw : Files.readAllLines(CORPUS, StandardCharsets.UTF_8)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\\|", 3);
      assertThat(parts).as("malformed corpus line: %s", line).hasSize(3);
      String category = parts[0];
      String product = parts[1].isEmpty() ? null : parts[1];
      String text = parts[2];
      checked++;
      List<Finding> findings =
          detector.check(text, new CheckOptions(Channel.SPEECH, product, date));
      if (findings.stream().noneMatch(f -> f.category().equals(category))) {
        missed.add(
            category
                + " ← "
                + text
                + " (found "
                + findings.stream().map(Finding::rule).toList()
                + ")");
      }
    }
    assertThat(checked).as("corpus lines").isGreaterThanOrEqualTo(100);
    assertThat(missed).as("violations not caught in their category").isEmpty();
  }
}

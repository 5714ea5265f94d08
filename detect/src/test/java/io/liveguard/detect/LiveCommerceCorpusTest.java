package io.liveguard.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The bundled catalogue against two corpora: lawful live-commerce speech on which no rule may fire
 * (false positives are reported per rule), and evasive spellings that the named rule must still
 * catch.
 */
class LiveCommerceCorpusTest {

  private static final Path CORPUS = Path.of("src/test/resources/corpus");
  private static final LocalDate DATE = LocalDate.of(2026, 11, 23);
  private static final Detector DETECTOR = Detector.bundled();

  private static List<String> lines(String file) throws IOException {
    List<String> out = new ArrayList<>();
    for (String raw : Files.readAllLines(CORPUS.resolve(file), StandardCharsets.UTF_8)) {
      if (!raw.isBlank() && !raw.startsWith("#")) {
        out.add(raw.strip());
      }
    }
    return out;
  }

  @Test
  void noRuleFiresOnLawfulLiveCommerceSpeech() throws IOException {
    List<String> benign = lines("benign.txt");
    Map<String, List<String>> falsePositivesByRule = new TreeMap<>();
    for (String line : benign) {
      for (Channel channel : List.of(Channel.SPEECH, Channel.SCRIPT, Channel.CHAT)) {
        for (Finding f : DETECTOR.check(line, new CheckOptions(channel, null, DATE))) {
          falsePositivesByRule
              .computeIfAbsent(f.rule(), k -> new ArrayList<>())
              .add(channel + " 「" + f.matched() + "」 " + line);
        }
      }
    }
    assertThat(benign).as("benign corpus lines").hasSizeGreaterThanOrEqualTo(600);
    assertThat(falsePositivesByRule).as("false positives per rule on benign.txt").isEmpty();
  }

  @Test
  void evasiveSpellingsAreCaughtByTheNamedRule() throws IOException {
    List<String> missed = new ArrayList<>();
    List<String> evasions = lines("evasion.tsv");
    for (String line : evasions) {
      String[] cols = line.split("\t");
      assertThat(cols).as("text<TAB>rule-id: %s", line).hasSize(2);
      String rule = cols[1].strip();
      assertThat(DETECTOR.catalogue().rule(rule)).as("rule %s of line %s", rule, line).isNotNull();
      List<Finding> found = DETECTOR.check(cols[0], new CheckOptions(Channel.SPEECH, null, DATE));
      if (found.stream().noneMatch(f -> f.rule().equals(rule))) {
        missed.add(line + " → " + found.stream().map(Finding::rule).distinct().toList());
      }
    }
    assertThat(evasions).as("evasion corpus lines").hasSizeGreaterThanOrEqualTo(120);
    assertThat(missed).as("evasions not caught by their rule").isEmpty();
  }
}

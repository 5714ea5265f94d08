package io.liveguard.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.detect.text.Normalizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property: over random terms and texts, the detector finds exactly the occurrences a naive scan of
 * the normalized text finds (one rule per term, no allow-phrases, no pinyin ambiguity).
 */
class AutomatonPropertyTest {

  private static final String ALPHABET = "最好顶级第一次国家品质优选美白祛斑";

  @Test
  void findsExactlyWhatANaiveScanFinds(@TempDir Path dir) throws IOException {
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    Path rules = Files.createDirectories(dir.resolve("rules"));
    Path mini = Path.of("src/test/resources/catalogues/mini");
    Files.copy(mini.resolve("categories.yaml"), rules.resolve("categories.yaml"));
    Files.copy(mini.resolve("laws.yaml"), rules.resolve("laws.yaml"));
    Set<String> terms = new HashSet<>();
    while (terms.size() < 40) {
      terms.add(randomText(random, 2 + random.nextInt(3)));
    }
    List<String> termList = new ArrayList<>(terms);
    StringBuilder yaml = new StringBuilder("category: absolute\nrules:\n");
    for (int i = 0; i < termList.size(); i++) {
      yaml.append("  - id: R")
          .append(i)
          .append('\n')
          .append("    name: {zh: 测试, en: Test}\n")
          .append("    severity: notice\n")
          .append("    terms: [")
          .append(termList.get(i))
          .append("]\n")
          .append("    provisions: [{law: 广告法, article: 9, item: 3}]\n")
          .append("    suggestion: 改\n")
          .append("    examples: {match: [x], no-match: [y]}\n");
    }
    Files.writeString(rules.resolve("r.yaml"), yaml);
    Detector detector = TestCatalogues.load(rules);
    for (int round = 0; round < 2_000; round++) {
      String text = randomText(random, random.nextInt(40));
      String normalized = Normalizer.normalizeTerm(text);
      Set<String> expected = new HashSet<>();
      for (int i = 0; i < termList.size(); i++) {
        String t = Normalizer.normalizeTerm(termList.get(i));
        for (int at = normalized.indexOf(t); at >= 0; at = normalized.indexOf(t, at + 1)) {
          expected.add("R" + i + "@" + at);
        }
      }
      Set<String> actual = new HashSet<>();
      var nt = Normalizer.normalize(text);
      for (Finding f : detector.check(text, CheckOptions.of(Channel.SPEECH))) {
        int normalizedBegin = 0;
        while (nt.originalBegin(normalizedBegin) < f.begin()) {
          normalizedBegin++;
        }
        actual.add(f.rule() + "@" + normalizedBegin);
      }
      // Within one rule, overlapping occurrences of the same term collapse to the longest, which
      // for one term means non-overlapping occurrences; compare the rule sets and that every
      // reported occurrence is a real one.
      assertThat(expected).as("seed %d text %s", seed, text).containsAll(actual);
      Set<String> expectedRules = new HashSet<>();
      expected.forEach(e -> expectedRules.add(e.substring(0, e.indexOf('@'))));
      Set<String> actualRules = new HashSet<>();
      actual.forEach(e -> actualRules.add(e.substring(0, e.indexOf('@'))));
      assertThat(actualRules).as("seed %d text %s", seed, text).isEqualTo(expectedRules);
    }
  }

  private static String randomText(Random random, int length) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < length; i++) {
      b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }
}

package io.liveguard.detect.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.liveguard.detect.TestCatalogues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed rule files are refused with {@code file:line: message}, every problem at once. */
class CatalogueValidationTest {

  private static final String GOOD_RULE =
      """
      category: absolute
      rules:
        - id: X-ONE
          name: {zh: 测试, en: Test}
          severity: warning
          terms: [最好]
          provisions:
            - {law: 广告法, article: 9, item: 3}
          suggestion: 改
          examples:
            match: [最好]
            no-match: [很好]
      """;

  private static Map<String, String> base() throws IOException {
    Map<String, String> files = new HashMap<>();
    Path mini = Path.of("src/test/resources/catalogues/mini");
    files.put("categories.yaml", Files.readString(mini.resolve("categories.yaml")));
    files.put("laws.yaml", Files.readString(mini.resolve("laws.yaml")));
    return files;
  }

  private static List<String> problems(Map<String, String> rules) throws IOException {
    Map<String, String> laws = new HashMap<>();
    try (var s = Files.list(TestCatalogues.LAWS)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        laws.put(p.getFileName().toString(), Files.readString(p));
      }
    }
    CatalogueException e =
        catchThrowableOfType(
            CatalogueException.class, () -> Catalogue.load(new CatalogueFiles(rules, laws)));
    return e == null ? List.of() : e.problems();
  }

  @Test
  void acceptsAWellFormedRule() throws IOException {
    Map<String, String> files = base();
    files.put("a.yaml", GOOD_RULE);
    assertThat(problems(files)).isEmpty();
  }

  @Test
  void namesFileAndLineOfAnUnknownProductCategory() throws IOException {
    Map<String, String> files = base();
    files.put(
        "a.yaml",
        GOOD_RULE.replace(
            "    severity: warning\n", "    severity: warning\n    products: [fod]\n"));
    assertThat(problems(files))
        .containsExactly("rules/a.yaml:6: unknown product category \"fod\" (see categories.yaml)");
  }

  @Test
  void refusesDuplicateRuleIdsAcrossFiles() throws IOException {
    Map<String, String> files = base();
    files.put("a.yaml", GOOD_RULE);
    files.put("b.yaml", GOOD_RULE);
    assertThat(problems(files))
        .singleElement()
        .asString()
        .startsWith(
            "rules/b.yaml:3: duplicate rule id \"X-ONE\" (first defined at rules/a.yaml:3)");
  }

  @Test
  void reportsEveryProblemOfAFile() throws IOException {
    Map<String, String> files = base();
    files.put(
        "a.yaml",
        """
        category: absolut
        rules:
          - id: bad id
            name: {zh: 测试, en: Test}
            severity: fatal
            channels: [radio]
            terms: ["!!!"]
            colour: red
            provisions:
              - {law: 广告法, article: 999}
              - {law: 民法典, article: 1}
              - {law: 反不正当竞争法, article: 8}
              - {law: 广告法, article: 9, item: 30}
            suggestion: 改
        """);
    List<String> p = problems(files);
    assertThat(p)
        .anyMatch(s -> s.startsWith("rules/a.yaml:1: unknown category \"absolut\""))
        .anyMatch(s -> s.startsWith("rules/a.yaml:3: rule id \"bad id\" must match"))
        .anyMatch(s -> s.startsWith("rules/a.yaml:5: unknown severity \"fatal\""))
        .anyMatch(s -> s.startsWith("rules/a.yaml:6: unknown channel \"radio\""))
        .anyMatch(s -> s.startsWith("rules/a.yaml:7: \"!!!\" is empty after normalization"))
        .anyMatch(s -> s.startsWith("rules/a.yaml:8: unknown key \"colour\""))
        .anyMatch(s -> s.startsWith("rules/a.yaml:10: 广告法 has no article 999"))
        .anyMatch(s -> s.startsWith("rules/a.yaml:11: unknown law \"民法典\""))
        .anyMatch(s -> s.startsWith("rules/a.yaml:12: 反不正当竞争法 was renumbered"))
        .anyMatch(s -> s.startsWith("rules/a.yaml:13: 广告法 article 9 has 11 item(s), not 30"))
        .anyMatch(s -> s.contains("examples need at least one"));
  }

  @Test
  void refusesInvalidYamlWithItsLine() throws IOException {
    Map<String, String> files = base();
    files.put("a.yaml", "category: absolute\nrules:\n  - id: [unclosed\n");
    assertThat(problems(files)).singleElement().asString().startsWith("rules/a.yaml:");
  }

  @Test
  void refusesDuplicateKeys() throws IOException {
    Map<String, String> files = base();
    files.put(
        "a.yaml",
        GOOD_RULE.replace(
            "    severity: warning\n", "    severity: warning\n    severity: notice\n"));
    assertThat(problems(files))
        .anyMatch(s -> s.contains("duplicate") || s.contains("found duplicate key"));
  }

  @Test
  void refusesAYamlBomb() throws IOException {
    Map<String, String> files = base();
    StringBuilder b = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
    char prev = 'a';
    for (char c = 'b'; c <= 'm'; c++) {
      b.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 9; i++) {
        b.append(i > 0 ? ", " : "").append('*').append(prev);
      }
      b.append("]\n");
      prev = c;
    }
    files.put("a.yaml", b.toString());
    assertThat(problems(files)).isNotEmpty();
  }

  @Test
  void refusesBrandsAloneAsAViolation() throws IOException {
    Map<String, String> files = base();
    files.put("brands.yaml", "brands:\n  - {id: chanel, zh: 香奈儿}\n");
    files.put("a.yaml", GOOD_RULE.replace("    terms: [最好]\n", "    lexicons: [brands]\n"));
    assertThat(problems(files)).anyMatch(s -> s.contains("add a \"near\" condition"));
  }

  @Test
  void refusesAStatuteSourceThatDoesNotExist(@TempDir Path dir) throws IOException {
    Map<String, String> files = base();
    files.put(
        "laws.yaml",
        "laws:\n  - id: 广告法\n    title: t\n    versions:\n      - {version: \"1\", effective: 2015-09-01, source: nope.md}\n");
    files.put("a.yaml", GOOD_RULE);
    assertThat(problems(files))
        .anyMatch(s -> s.startsWith("rules/laws.yaml:5: statute text \"nope.md\" not found"));
  }

  @Test
  void refusesAFileThatIsNotUtf8(@TempDir Path dir) throws IOException {
    Path rules = Files.createDirectories(dir.resolve("rules"));
    Files.write(rules.resolve("a.yaml"), new byte[] {(byte) 0xff, (byte) 0xfe, 'a'});
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> CatalogueFiles.readRules(rules))
        .isInstanceOf(IOException.class)
        .hasMessage("a.yaml: not valid UTF-8");
  }
}

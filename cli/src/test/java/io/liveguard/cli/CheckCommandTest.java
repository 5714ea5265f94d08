package io.liveguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {

  private static final String RULES = "../detect/src/test/resources/catalogues/mini";

  private record Run(int code, String out, String err) {}

  private static Run run(byte[] stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    InputStream in = new ByteArrayInputStream(stdin);
    int code =
        Main.run(
            args,
            in,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static Run run(String stdin, String... args) {
    return run(stdin.getBytes(StandardCharsets.UTF_8), args);
  }

  @Test
  void printsOneJsonObjectPerLineWithSpansIntoTheOriginal() {
    Run r = run("这是全网最好的面膜\n最近天气很好\n", "check", "--rules", RULES);
    assertThat(r.code()).isZero();
    String[] lines = r.out().split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[0])
        .startsWith("{\"line\":1,\"text\":\"这是全网最好的面膜\",\"findings\":[{\"rule\":\"T-ABS\"")
        .contains(
            "\"span\":[4,6]",
            "\"matched\":\"最好\"",
            "\"provisions\":[{\"law\":\"广告法\",\"article\":9,\"item\":3}]",
            "\"suggestion\":");
    assertThat(lines[1]).isEqualTo("{\"line\":2,\"text\":\"最近天气很好\",\"findings\":[]}");
  }

  @Test
  void spansAreUtf16OffsetsAroundSupplementaryCharacters() {
    Run r = run("😀😀最好\n", "check", "--rules", RULES);
    assertThat(r.out()).contains("\"span\":[4,6]");
  }

  @Test
  void readsAFileAndHandlesCrLfAndBom(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("in.txt");
    Files.write(f, "\uFEFF最好\r\n最近\r\n".getBytes(StandardCharsets.UTF_8));
    Run r = run("", "check", "--rules", RULES, f.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("{\"line\":1,\"text\":\"最好\"")
        .contains("{\"line\":2,\"text\":\"最近\"");
  }

  @Test
  void refusesALineOverTheLimitNamingIt() {
    byte[] big =
        ("最好\n" + "啊".repeat(10 * 1024 * 1024 / 3) + "\n").getBytes(StandardCharsets.UTF_8);
    Run r = run(big, "check", "--rules", RULES);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("<stdin>:2: line longer than the limit of 100000 characters");
    assertThat(r.out()).startsWith("{\"line\":1,");
  }

  @Test
  void refusesInvalidUtf8NamingTheLine() {
    byte[] bad = {'o', 'k', '\n', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '\n'};
    Run r = run(bad, "check", "--rules", RULES);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("<stdin>:2: not valid UTF-8");
  }

  @Test
  void escapesControlCharactersAndMarkup() {
    Run r = run("<img src=x onerror=alert(1)>\u0007最好\n", "check", "--rules", RULES);
    assertThat(r.out()).doesNotContain("<img").doesNotContain("\u0007").contains("\\u003cimg");
  }

  @Test
  void explainsBadOptions() {
    assertThat(run("", "check", "--channel", "radio", "--rules", RULES).err())
        .contains("unknown channel \"radio\"");
    assertThat(run("", "check", "--category", "fod", "--rules", RULES).err())
        .contains("unknown product category \"fod\"");
    assertThat(run("", "check", "--format", "xml", "--rules", RULES).err())
        .contains("unknown format \"xml\"");
    assertThat(run("", "check", "--bogus").err()).contains("unknown option --bogus");
    assertThat(run("", "check", "--rules", RULES, "/nonexistent/file").err())
        .contains("/nonexistent/file: no such file");
    assertThat(run("", "check", "--rules", "/nonexistent/rules").code()).isEqualTo(2);
    assertThat(run("", "frobnicate").err()).contains("unknown command \"frobnicate\"");
  }

  @Test
  void reportsAMalformedRuleDirectoryWithFileAndLine(@TempDir Path dir) throws Exception {
    Path rules = dir.resolve("rules");
    Files.createDirectories(rules);
    Path mini = Path.of(RULES);
    Files.copy(mini.resolve("categories.yaml"), rules.resolve("categories.yaml"));
    Files.copy(mini.resolve("laws.yaml"), rules.resolve("laws.yaml"));
    Files.writeString(rules.resolve("x.yaml"), "category: fod\nrules: []\n");
    Run r = run("", "check", "--rules", rules.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("rules/x.yaml:1: unknown category \"fod\"");
  }

  @Test
  void textFormatIsReadable() {
    Run r = run("这是全网最好的面膜\n", "check", "--format", "text", "--rules", RULES);
    assertThat(r.out()).contains("1: 这是全网最好的面膜", "[警告] T-ABS 「最好」 [4,6) 《广告法》第9条第3项");
  }

  @Test
  void precheckRewritesAndReportsPositions(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("script.txt");
    Files.writeString(f, "大家好\n这是最好的鱼油\n");
    Run r = run("", "precheck", "--rules", RULES, "--category", "health_food", f.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("第2行第3字 「最好」", "改为「很好」", "这是很好的鱼油", "本品不能代替药物。")
        .doesNotContain("仍需人工修改");
    Run json =
        run(
            "",
            "precheck",
            "--rules",
            RULES,
            "--category",
            "health_food",
            "--format",
            "json",
            f.toString());
    assertThat(json.out())
        .contains("\"clean\":true", "\"rewritten\":\"大家好\\n这是很好的鱼油\\n本品不能代替药物。\"");
  }

  @Test
  void precheckRefusesAnOversizedScript(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("big.txt");
    Files.writeString(f, "好".repeat(50_001));
    Run r = run("", "precheck", "--rules", RULES, f.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("exceeds the limit of 50000 characters");
  }
}

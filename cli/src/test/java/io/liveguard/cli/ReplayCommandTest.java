package io.liveguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayCommandTest {

  private static final String SESSIONS = "../detect/src/test/resources/sessions/";

  private record Run(int code, String out, String err) {
    List<String> lines() {
      return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n"));
    }
  }

  private static Run run(byte[] stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            args,
            new ByteArrayInputStream(stdin),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static Run run(String stdin, String... args) {
    return run(stdin.getBytes(StandardCharsets.UTF_8), args);
  }

  @Test
  void printsTheTencelContradictionInTheCheckShapeWithItsEvents() {
    Run r = run("", "replay", SESSIONS + "tencel-vs-cotton.jsonl");
    assertThat(r.code()).as(r.err()).isZero();
    List<String> cross =
        r.lines().stream().filter(l -> l.contains("\"rule\":\"XC-CLAIM-LISTING\"")).toList();
    assertThat(cross).hasSize(1);
    assertThat(cross.get(0))
        .startsWith("{\"rule\":\"XC-CLAIM-LISTING\",\"category\":\"cross_check\"")
        .contains(
            "\"severity\":\"serious\"",
            "\"channel\":\"speech\"",
            "\"span\":[6,8]",
            "\"matched\":\"天丝\"",
            "{\"law\":\"反不正当竞争法\",\"version\":\"2025\",\"article\":9,\"paragraph\":1}",
            "{\"law\":\"广告法\",\"article\":4,\"paragraph\":1}",
            "{\"law\":\"广告法\",\"article\":28,\"paragraph\":2,\"item\":2}",
            "\"events\":[\"tencel-vs-co-003\",\"tencel-vs-co-002\"]",
            "100%棉",
            "\"room\":\"r-100\",\"session\":\"s-1\"");
  }

  @Test
  void citesTheOldArticleForConductBeforeTheRevision() {
    String events =
        "{\"id\":\"a1\",\"type\":\"listing\",\"platform\":\"douyin\",\"room\":\"r\",\"session\":\"s\",\"at\":\"2025-06-01T20:00:00+08:00\",\"listing\":\"L\",\"title\":\"T恤\",\"attributes\":{\"成分\":\"100%棉\"},\"price\":99}\n"
            + "{\"id\":\"a2\",\"type\":\"transcript\",\"platform\":\"douyin\",\"room\":\"r\",\"session\":\"s\",\"at\":\"2025-06-01T20:01:00+08:00\",\"text\":\"这件是真丝的\",\"start_ms\":0,\"end_ms\":1000}\n";
    Run r = run(events, "replay", "--no-lexicon");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.lines()).hasSize(1);
    assertThat(r.lines().get(0))
        .contains(
            "{\"law\":\"反不正当竞争法\",\"version\":\"2019\",\"article\":8,\"paragraph\":1}",
            "\"events\":[\"a2\",\"a1\"]");
  }

  @Test
  void printsLexiconFindingsWithTheirEventId() {
    String events =
        "{\"id\":\"t-1\",\"type\":\"transcript\",\"platform\":\"douyin\",\"room\":\"r\",\"session\":\"s\",\"at\":\"2025-11-08T20:00:00+08:00\",\"text\":\"这是全网最好的面膜\",\"start_ms\":0,\"end_ms\":1000}\n";
    Run r = run(events, "replay");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.lines()).isNotEmpty();
    assertThat(r.lines())
        .allSatisfy(l -> assertThat(l).contains("\"events\":[\"t-1\"]", "\"channel\":\"speech\""));
    assertThat(run(events, "replay", "--no-lexicon").lines()).isEmpty();
  }

  @Test
  void reportsMalformedLinesByNumberKeepsGoingAndExitsNonZero() {
    Run r = run("", "replay", "--no-lexicon", SESSIONS + "out-of-order.jsonl");
    assertThat(r.code()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err())
        .contains(
            "out-of-order.jsonl: line 2: field \"at\": not an ISO-8601 instant: \"yesterday\"",
            "line 5: field \"type\": unknown event type \"gift\"",
            "line 6: not valid JSON",
            "3 malformed line(s) skipped");
    assertThat(r.lines()).hasSize(1);
    assertThat(r.lines().get(0)).contains("\"rule\":\"XC-CLAIM-LISTING\"");
  }

  @Test
  void readsStandardInputAndPrintsNothingForAnHonestSession() throws Exception {
    byte[] honest = Files.readAllBytes(Path.of(SESSIONS + "honest-apparel.jsonl"));
    Run r = run(honest, "replay", "--no-lexicon", "-");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEmpty();
  }

  @Test
  void rejectsMissingFilesDirectoriesAndInvalidUtf8(@TempDir Path dir) throws Exception {
    assertThat(run("", "replay", dir.resolve("nope.jsonl").toString()).err())
        .contains("no such file");
    assertThat(run("", "replay", dir.toString()).err()).contains("is a directory");
    Path bad = dir.resolve("bad.jsonl");
    Files.write(bad, new byte[] {'{', (byte) 0xC3, '}', '\n'});
    Run r = run("", "replay", bad.toString());
    assertThat(r.code()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("bad.jsonl:1: not valid UTF-8");
    assertThat(run("", "replay", "a", "b").err()).contains("at most one FILE");
    assertThat(run("", "replay", "--lateness", "soon").err()).contains("--lateness \"soon\"");
  }

  @Test
  void rejectsARuleDirectoryWithoutModelRules() {
    Run r = run("", "replay", "--rules", "../detect/src/test/resources/catalogues/mini");
    assertThat(r.code()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("rules/models.yaml: missing");
  }
}

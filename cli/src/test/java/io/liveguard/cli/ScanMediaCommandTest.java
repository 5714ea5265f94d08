package io.liveguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.media.ffmpeg.Ffmpeg;
import io.liveguard.media.testmedia.TestMedia;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanMediaCommandTest {

  record Result(int code, String out, String err) {
    List<String> lines() {
      return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }
  }

  static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            args,
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void printsScreenTextEventsAndFindingsOfAVideoFile(@TempDir Path dir) throws Exception {
    Path video =
        new TestMedia(Ffmpeg.locate())
            .video(
                dir.resolve("room.mp4"),
                1280,
                720,
                4,
                List.of(TestMedia.Banner.of("全网最低价 仅限今天 ¥99", 1, 4)),
                null);
    Result r =
        run(
            "scan-media",
            "--room",
            "r-1",
            "--session",
            "s-1",
            "--evidence",
            dir.resolve("ev").toString(),
            "--listing",
            "L-1",
            video.toString());
    assertThat(r.code()).as(r.err()).isZero();
    List<String> lines = r.lines();
    assertThat(lines)
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("{\"id\":\"r-1:s-1:")
                    .contains("\"type\":\"screen_text\"")
                    .contains("最低价"));
    assertThat(lines)
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("{\"type\":\"finding\",\"event\":\"r-1:s-1:")
                    .contains("\"rule\":\"ABS-PRICE\"")
                    .contains("\"channel\":\"screen\""));
    // the price on screen, as a price observation of the listing on sale
    assertThat(lines)
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("\"type\":\"price\"")
                    .contains("\"listing\":\"L-1\"")
                    .contains("\"price\":99"));
    String slice =
        lines.stream().filter(l -> l.startsWith("{\"type\":\"evidence_slice\"")).findFirst().get();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\"package\":\"([^\"]+)\"").matcher(slice);
    assertThat(m.find()).as(slice).isTrue();
    assertThat(r.err()).contains("ENDED");

    // the slice's package verifies offline with the vault's trust policy, as an officer would
    Path trust = dir.resolve("trust.json");
    Result t =
        run("evidence", "trust", "--data", dir.resolve("ev").toString(), "--out", trust.toString());
    assertThat(t.code()).as(t.err()).isZero();
    Result v = run("evidence", "verify", "--trust", trust.toString(), m.group(1));
    assertThat(v.code()).as(v.out() + v.err()).isZero();
    assertThat(v.out()).contains("PASS").doesNotContain("FAIL");
  }

  @Test
  void refusesHostileSourcesWithAReason(@TempDir Path dir) throws Exception {
    Result remote = run("scan-media", "http://203.0.113.7/live/room.m3u8");
    assertThat(remote.code()).isEqualTo(ExitCode.USAGE);
    assertThat(remote.err()).contains("--allow-remote");
    assertThat(remote.out()).isEmpty();

    Result fileUrl = run("scan-media", "file:///etc/passwd");
    assertThat(fileUrl.code()).isEqualTo(ExitCode.USAGE);
    assertThat(fileUrl.err()).contains("file: URL");

    Path fake = Files.writeString(dir.resolve("fake.mp4"), "<html>not a video</html>\n".repeat(50));
    Result notVideo = run("scan-media", fake.toString());
    assertThat(notVideo.code()).isEqualTo(ExitCode.FAILED);
    assertThat(notVideo.err()).contains("无法读取媒体文件");
    assertThat(notVideo.out()).isEmpty();
  }

  @Test
  void explainsBadOptions(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("a.mp4"), "x");
    assertThat(run("scan-media", "--asr", "whisper", f.toString()).err())
        .contains("unknown ASR engine");
    assertThat(run("scan-media", "--asr", "vosk", f.toString()).err()).contains("not bundled");
    assertThat(run("scan-media", "--asr", "funasr", f.toString()).err()).contains("--funasr-url");
    assertThat(run("scan-media", "--seconds", "-3", f.toString()).code()).isEqualTo(ExitCode.USAGE);
    assertThat(run("scan-media", "--no-screen", f.toString()).err()).contains("nothing to scan");
    assertThat(run("scan-media").code()).isEqualTo(ExitCode.USAGE);
    assertThat(run("scan-media", "--room", "bad room", f.toString()).code())
        .isEqualTo(ExitCode.USAGE);
    assertThat(run("scan-media", "--listing", "L 1<script>", f.toString()).err())
        .contains("--listing");
  }
}

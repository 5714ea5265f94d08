package io.liveguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.evidence.timestamp.OpensslTsa;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seals files and verifies packages through {@link Main#run}, as the acceptance checks do. */
class EvidenceCommandIT {

  @TempDir Path dir;
  Path pkg;
  Path clip;

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code =
        Main.run(
            args,
            new PrintStream(o, true, StandardCharsets.UTF_8),
            new PrintStream(e, true, StandardCharsets.UTF_8));
    return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
  }

  @BeforeEach
  void seal() throws Exception {
    clip = dir.resolve("clip.mp4");
    byte[] b = new byte[2 * 1024 * 1024 + 5];
    new Random(9).nextBytes(b);
    Files.write(clip, b);
    Path transcript = dir.resolve("transcript.txt");
    Files.writeString(transcript, "这是全网最好的面膜");
    pkg = dir.resolve("PKG.zip");
    Result r =
        run(
            "evidence",
            "seal",
            "--data",
            dir.resolve("data").toString(),
            "--out",
            pkg.toString(),
            "--subject",
            "platform=douyin",
            "room=123",
            "session=s1",
            "listing=sku-9",
            "--rule",
            "ABS-SUPERLATIVE",
            "--excerpt",
            "全网最好",
            clip.toString(),
            transcript.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("已固定证据");
  }

  @Test
  void sealedPackageVerifiesAndSaysWhenOnlyEmbeddedKeysWereUsed() throws Exception {
    Result v = run("evidence", "verify", pkg.toString());
    assertThat(v.code()).as(v.out()).isZero();
    assertThat(v.out()).contains("PASS", "仅以包内自带的公钥").doesNotContain("FAIL");
    try (ZipFile z = new ZipFile(pkg.toFile())) {
      String m =
          new String(
              z.getInputStream(z.getEntry("manifest.json")).readAllBytes(), StandardCharsets.UTF_8);
      assertThat(m)
          .contains("\"platform\":\"douyin\"", "\"room\":\"123\"", "clip.mp4", "video/mp4");
    }
  }

  @Test
  void verifiesAgainstAnIndependentlyExportedTrustPolicy() throws Exception {
    Path trust = dir.resolve("trust.json");
    Result t =
        run(
            "evidence",
            "trust",
            "--data",
            dir.resolve("data").toString(),
            "--out",
            trust.toString());
    assertThat(t.code()).as(t.err()).isZero();
    Result v = run("evidence", "verify", "--trust", trust.toString(), pkg.toString());
    assertThat(v.code()).as(v.out()).isZero();
    assertThat(v.out()).contains("独立提供").doesNotContain("FAIL");

    // A second seal into a fresh data directory is another log: its trust policy rejects pkg.
    Path other = dir.resolve("other.zip");
    assertThat(
            run(
                    "evidence",
                    "seal",
                    "--data",
                    dir.resolve("data2").toString(),
                    "--out",
                    other.toString(),
                    clip.toString())
                .code())
        .isZero();
    Path trust2 = dir.resolve("trust2.json");
    assertThat(
            run(
                    "evidence",
                    "trust",
                    "--data",
                    dir.resolve("data2").toString(),
                    "--out",
                    trust2.toString())
                .code())
        .isZero();
    Result bad = run("evidence", "verify", "--trust", trust2.toString(), pkg.toString());
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.out()).contains("FAIL  checkpoint.note");
  }

  @Test
  void aFlippedByteInTheClipFailsAndNamesIt() throws Exception {
    Map<String, byte[]> m = new LinkedHashMap<>();
    String itemName = null;
    try (ZipFile z = new ZipFile(pkg.toFile())) {
      Enumeration<? extends ZipEntry> en = z.entries();
      while (en.hasMoreElements()) {
        ZipEntry e = en.nextElement();
        byte[] b = z.getInputStream(e).readAllBytes();
        if (e.getName().startsWith("items/") && b.length > 1_000_000) {
          itemName = e.getName();
          b[b.length / 3] ^= (byte) 0x80;
        }
        m.put(e.getName(), b);
      }
    }
    Path bad = dir.resolve("bad.zip");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(bad))) {
      for (var e : m.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue());
        z.closeEntry();
      }
    }
    Result v = run("evidence", "verify", bad.toString());
    assertThat(v.code()).isEqualTo(1);
    assertThat(v.out()).contains("FAIL  " + itemName, "SHA-256 不符", "SM3 不符", "结果：未通过");
  }

  @Test
  void aRawByteFlipInsideTheArchiveFails() throws Exception {
    byte[] all = Files.readAllBytes(pkg);
    all[all.length / 2] ^= 0x01; // inside the STORED clip data
    Path bad = dir.resolve("raw.zip");
    Files.write(bad, all);
    Result v = run("evidence", "verify", bad.toString());
    assertThat(v.code()).isEqualTo(1);
    assertThat(v.out()).contains("FAIL");
  }

  @Test
  void sealsWithARealTsaOverHttpWhenOneIsConfigured() throws Exception {
    try (OpensslTsa tsa = new OpensslTsa(dir.resolve("openssl"))) {
      Path out = dir.resolve("tsa.zip");
      Result r =
          run(
              "evidence",
              "seal",
              "--data",
              dir.resolve("data-tsa").toString(),
              "--out",
              out.toString(),
              "--tsa",
              tsa.url().toString(),
              "--tsa-cert",
              tsa.tsaCertificate().toString(),
              clip.toString());
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains(tsa.url().toString());
      Result v = run("evidence", "verify", out.toString());
      assertThat(v.code()).as(v.out()).isZero();
      assertThat(v.out()).contains("签发者 O=openssl,CN=openssl test TSA");
      try (ZipFile z = new ZipFile(out.toFile())) {
        String report =
            new String(
                z.getInputStream(z.getEntry("report.txt")).readAllBytes(), StandardCharsets.UTF_8);
        assertThat(report).contains("外部时间戳服务 " + tsa.url()).doesNotContain("本地时间戳服务");
      }
    }
    Result noCert =
        run(
            "evidence",
            "seal",
            "--data",
            dir.resolve("d3").toString(),
            "--out",
            dir.resolve("y.zip").toString(),
            "--tsa",
            "http://127.0.0.1:9/tsa",
            clip.toString());
    assertThat(noCert.code()).isEqualTo(2);
    assertThat(noCert.err()).contains("--tsa-cert");
  }

  @Test
  void custodyEventsRecordedLaterAppearInAReExport() throws Exception {
    String id;
    try (ZipFile z = new ZipFile(pkg.toFile())) {
      byte[] m = z.getInputStream(z.getEntry("manifest.json")).readAllBytes();
      id =
          java.util.HexFormat.of()
              .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(m));
    }
    String data = dir.resolve("data").toString();
    Result c =
        run(
            "evidence",
            "custody",
            "--data",
            data,
            "--action",
            "handed_over",
            "--actor",
            "执法人员 王五",
            "--note",
            "移交公安机关",
            id);
    assertThat(c.code()).as(c.err()).isZero();
    assertThat(
            run("evidence", "custody", "--data", data, "--action", "burned", "--actor", "x", id)
                .code())
        .isEqualTo(2);
    Path again = dir.resolve("again.zip");
    Result e =
        run("evidence", "export", "--data", data, "--out", again.toString(), "--actor", "王五", id);
    assertThat(e.code()).as(e.err()).isZero();
    Result v = run("evidence", "verify", again.toString());
    assertThat(v.code()).as(v.out()).isZero();
    assertThat(v.out()).contains("保管记录 3 包含于导出时检查点");
    try (ZipFile z = new ZipFile(again.toFile())) {
      String report =
          new String(
              z.getInputStream(z.getEntry("report.txt")).readAllBytes(), StandardCharsets.UTF_8);
      assertThat(report).contains("移交（handed_over），操作人：执法人员 王五，说明：移交公安机关");
    }
    assertThat(
            run("evidence", "export", "--data", data, "--out", again.toString(), "0".repeat(64))
                .code())
        .isEqualTo(2);
  }

  @Test
  void badCommandLinesGetUsageErrors() {
    assertThat(run("evidence", "seal", "--out", dir.resolve("x.zip").toString()).code())
        .isEqualTo(2);
    Result missing =
        run(
            "evidence",
            "seal",
            "--data",
            dir.resolve("d").toString(),
            "--out",
            dir.resolve("x.zip").toString(),
            dir.resolve("nope.mp4").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("nope.mp4");
    assertThat(run("evidence", "verify", dir.resolve("nope.zip").toString()).code()).isEqualTo(2);
    assertThat(run("evidence", "frobnicate").code()).isEqualTo(2);
    Path junk = dir.resolve("junk.zip");
    assertThat(run("evidence", "verify", "--trust", pkg.toString(), pkg.toString()).code())
        .isEqualTo(2);
    assertThat(junk).doesNotExist();
  }
}

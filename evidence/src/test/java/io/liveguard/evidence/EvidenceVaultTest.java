package io.liveguard.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liveguard.evidence.checkpoint.NoteKeys;
import io.liveguard.evidence.checkpoint.Witness;
import io.liveguard.evidence.pkg.CustodyEvent;
import io.liveguard.evidence.pkg.PackageLayout;
import io.liveguard.evidence.pkg.TrustPolicy;
import io.liveguard.evidence.verify.Check;
import io.liveguard.evidence.verify.PackageVerifier;
import io.liveguard.evidence.verify.VerificationReport;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvidenceVaultTest {

  // One sealed package shared by all tests (read-only); sealing is the slow part.
  @TempDir static Path dir;
  static Path pkg;
  static TrustPolicy trust;
  static String id;

  @BeforeAll
  static void sealAndExport() throws Exception {
    NoteKeys.Cosigner w = NoteKeys.generateCosigner("witness.example/w1", new SecureRandom());
    io.liveguard.evidence.checkpoint.NoteVerifier logKey;
    // The witness needs the log key, which exists once the vault has been opened.
    try (EvidenceVault first =
        EvidenceVault.open(
            dir.resolve("data"), VaultOptions.defaults("node-1", "liveguard test"))) {
      logKey = first.logKeys().get(0);
    }
    Witness witness = new Witness(w, logKey, InstantSource.system(), null);
    VaultOptions opts =
        VaultOptions.defaults("node-1", "liveguard test")
            .withWitnesses(List.of(WitnessClient.of(witness, w.verifier())));
    try (EvidenceVault vault = EvidenceVault.open(dir.resolve("data"), opts)) {
      SealedEvidence other = vault.seal(VaultFixture.draft(1));
      SealedEvidence s = vault.seal(VaultFixture.draft(2));
      id = s.id();
      assertThat(s.leafIndex()).isEqualTo(other.leafIndex() + 1);
      vault.recordCustody(id, CustodyEvent.Action.VIEWED, "复审员 李四", "");
      vault.recordCustody(id, CustodyEvent.Action.LEGAL_HOLD, "执法人员 王五", "案件 2026-001");
      pkg = dir.resolve("pkg.zip");
      try (OutputStream out = Files.newOutputStream(pkg)) {
        vault.exportPackage(id, "执法人员 王五", out);
      }
      trust = vault.trustPolicy();
    }
  }

  @Test
  void exportedPackageVerifiesOfflineWithEmbeddedAndIndependentTrust() throws Exception {
    VerificationReport embedded = PackageVerifier.verify(pkg, null);
    assertThat(embedded.failures()).isEmpty();
    assertThat(embedded.passed()).isTrue();
    assertThat(embedded.embeddedTrustOnly()).isTrue();
    assertThat(embedded.checks()).anyMatch(c -> c.detail().contains("仅以包内自带的公钥验证"));

    TrustPolicy independent = TrustPolicy.parse(trust.toBytes());
    VerificationReport ext = PackageVerifier.verify(pkg, independent);
    assertThat(ext.failures()).isEmpty();
    assertThat(ext.embeddedTrustOnly()).isFalse();
    assertThat(ext.checks())
        .extracting(Check::what)
        .contains("检查点签名（Ed25519）", "检查点签名（SM2-SM3）", "见证人副署");

    try (ZipFile z = new ZipFile(pkg.toFile())) {
      String report =
          new String(
              z.getInputStream(z.getEntry("report.txt")).readAllBytes(), StandardCharsets.UTF_8);
      assertThat(report).contains("电子证据固定报告", id, "诉讼保全", "本地时间戳服务", "douyin");
      assertThat(z.getEntry(PackageLayout.custody(3))).isNotNull(); // viewed, legal hold, exported
    }
  }

  @Test
  void theReportListsTheSubjectInKeyOrderSoAnyJvmRendersTheSameBytes() throws Exception {
    // Map.copyOf iterates in an order salted per JVM: a report rendered in that order verified in
    // the JVM that wrote it and failed in the command line's (regression, 2026-12-05).
    assertThat(VaultFixture.draft(3).subject().keySet())
        .containsExactly("listing", "platform", "room", "session");
    try (ZipFile z = new ZipFile(pkg.toFile())) {
      String report =
          new String(
              z.getInputStream(z.getEntry("report.txt")).readAllBytes(), StandardCharsets.UTF_8);
      int listing = report.indexOf("商品（listing）");
      int platform = report.indexOf("平台（platform）");
      int room = report.indexOf("直播间（room）");
      int session = report.indexOf("场次（session）");
      assertThat(listing).isPositive().isLessThan(platform);
      assertThat(platform).isLessThan(room);
      assertThat(room).isLessThan(session);
    }
  }

  @Test
  void anotherLogsTrustPolicyRejectsThePackage() throws Exception {
    try (EvidenceVault other =
        EvidenceVault.open(dir.resolve("other"), VaultOptions.defaults("n", "s"))) {
      VerificationReport r = PackageVerifier.verify(pkg, other.trustPolicy());
      assertThat(r.passed()).isFalse();
      assertThat(r.failures())
          .extracting(Check::part)
          .contains(PackageLayout.TRUST, PackageLayout.CHECKPOINT);
    }
  }

  @Test
  void keysAreOwnerOnly() throws Exception {
    Path keys = dir.resolve("data/keys");
    assertThat(Files.getPosixFilePermissions(keys))
        .containsExactlyInAnyOrder(
            PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_EXECUTE);
    assertThat(Files.getPosixFilePermissions(keys.resolve("log-ed25519.key")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  }

  @Test
  void unknownEvidenceIdsAreRejected() throws Exception {
    try (EvidenceVault vault =
        EvidenceVault.open(dir.resolve("data2"), VaultOptions.defaults("n", "s"))) {
      assertThatThrownBy(
              () -> vault.exportPackage("0".repeat(64), "x", new ByteArrayOutputStream()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no sealed evidence");
      assertThatThrownBy(() -> vault.recordCustody("../../x", CustodyEvent.Action.VIEWED, "x", ""))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aFlippedByteInAnyPartFailsAndNamesThePart() throws Exception {
    Map<String, byte[]> members = read(pkg);
    assertThat(members.keySet())
        .contains(
            "manifest.json",
            "checkpoint.note",
            "timestamp.tsr",
            "proofs/manifest.json",
            "sealed/checkpoint.note",
            "sealed/timestamp.tsr",
            "sealed/manifest-proof.json",
            "proofs/sealed-to-checkpoint.json",
            "trust.json",
            "report.txt");
    int cases = 0;
    for (String member : members.keySet()) {
      byte[] orig = members.get(member);
      int step = Math.max(1, orig.length / 3);
      for (int pos = step / 2; pos < orig.length; pos += step) {
        Map<String, byte[]> copy = new LinkedHashMap<>(members);
        byte[] t = orig.clone();
        t[pos] ^= 0x01;
        copy.put(member, t);
        Path bad = dir.resolve("bad.zip");
        write(bad, copy);
        VerificationReport r = PackageVerifier.verify(bad, null);
        String why = member + " byte " + pos + ": " + r.failures();
        assertThat(r.passed()).as(why).isFalse();
        List<String> parts = r.failures().stream().map(Check::part).toList();
        if (member.startsWith("custody/")) {
          String proof = "proofs/" + member;
          assertThat(parts).as(why).containsAnyOf(member, proof);
        } else if (member.equals("trust.json")) {
          assertThat(parts).as(why).containsAnyOf(member, "report.txt");
        } else {
          assertThat(parts).as(why).contains(member);
        }
        cases++;
      }
      // The same flip checked against the independent trust policy also fails.
    }
    assertThat(cases).isGreaterThan(45);
  }

  @Test
  void aFlippedBitAnywhereInTheArchiveFails() throws Exception {
    byte[] all = Files.readAllBytes(pkg);
    long seed = System.nanoTime();
    java.util.Random rnd = new java.util.Random(seed);
    // Positions spread over the whole file, dense over the first local header and over the tail
    // (metadata members, central directory, end record), where ZIP framing lives.
    List<Integer> positions = new ArrayList<>();
    for (int k = 0; k < 50; k++) {
      positions.add((int) ((long) all.length * k / 50));
    }
    for (int k = 0; k < 25; k++) {
      positions.add(rnd.nextInt(Math.min(all.length, 300)));
    }
    for (int k = 0; k < 60; k++) {
      positions.add(all.length - 1 - rnd.nextInt(Math.min(all.length, 8000)));
    }
    Path bad = dir.resolve("flipped.zip");
    for (int p : positions) {
      byte[] t = all.clone();
      t[p] ^= (byte) (1 << rnd.nextInt(8));
      Files.write(bad, t);
      VerificationReport r = PackageVerifier.verify(bad, null);
      assertThat(r.passed())
          .as("seed %d: flip at %d of %d went unnoticed", seed, p, all.length)
          .isFalse();
    }
  }

  static Map<String, byte[]> read(Path zip) throws Exception {
    Map<String, byte[]> m = new LinkedHashMap<>();
    try (ZipFile z = new ZipFile(zip.toFile())) {
      Enumeration<? extends ZipEntry> en = z.entries();
      while (en.hasMoreElements()) {
        ZipEntry e = en.nextElement();
        m.put(e.getName(), z.getInputStream(e).readAllBytes());
      }
    }
    return m;
  }

  static void write(Path zip, Map<String, byte[]> members) throws Exception {
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      for (Map.Entry<String, byte[]> e : members.entrySet()) {
        out.putNextEntry(new ZipEntry(e.getKey()));
        out.write(e.getValue());
        out.closeEntry();
      }
    }
  }

  static List<String> names(Map<String, byte[]> m) {
    return new ArrayList<>(m.keySet());
  }
}

package io.liveguard.platform.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.liveguard.evidence.blob.BlobRef;
import io.liveguard.evidence.verify.Check;
import io.liveguard.evidence.verify.VerificationReport;
import io.liveguard.platform.EvidencePackage;
import io.liveguard.platform.PlatformIT;
import io.liveguard.platform.TestDatabase;
import io.liveguard.platform.analysis.LiveAnalysis;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Platform evidence through the evidence module: every finding sealed by the {@code EvidenceVault},
 * packages downloaded over HTTP and verified offline by the module's verifier (and by the real
 * {@code liveguard evidence verify} when the CLI jar is built), changed bytes refused by name, the
 * audit trail in the same log.
 */
class EvidenceVaultIT extends PlatformIT {
  @Autowired LiveAnalysis analysis;
  @Autowired EvidenceSealer sealer;
  @Autowired JdbcClient jdbc;

  static int sessions;
  String room;
  String frameSha;

  static String event(String room, String id, String type, String at, String fields) {
    return "{\"id\":\""
        + id
        + "\",\"type\":\""
        + type
        + "\",\"platform\":\"kuaishou\",\"room\":\""
        + room
        + "\",\"session\":\"s1\",\"at\":\""
        + at
        + "\""
        + fields
        + "}";
  }

  /** A session with a listing, its price, a flagged sentence and a flagged frame in the vault. */
  @BeforeEach
  void session() throws Exception {
    room = "ks-vault-" + (++sessions) + "-" + System.nanoTime();
    byte[] frame = ("PNG-frame-of-" + room).getBytes(StandardCharsets.UTF_8);
    BlobRef ref = sealer.vault().store().put(new ByteArrayInputStream(frame));
    frameSha = ref.sha256();
    String batch =
        String.join(
            "\n",
            event(
                room,
                room + "-1",
                "listing",
                "2026-11-20T20:00:05+08:00",
                ",\"listing\":\"L-9\",\"title\":\"保温杯\",\"price\":\"59.00\",\"category\":\"general\""),
            event(
                room,
                room + "-2",
                "price",
                "2026-11-20T20:00:10+08:00",
                ",\"listing\":\"L-9\",\"price\":\"59.00\",\"source\":\"listing\""),
            event(
                room,
                room + "-3",
                "transcript",
                "2026-11-20T20:01:00+08:00",
                ",\"text\":\"家人们，这款保温杯全网最低价\",\"start_ms\":60000,\"end_ms\":63000"),
            event(
                room,
                room + "-4",
                "screen_text",
                "2026-11-20T20:01:30+08:00",
                ",\"text\":\"全网最低价 仅此一天\",\"frame\":\"sha256:" + frameSha + "\""));
    ingestLines(batch);
    analysis.drain();
    sealer.drain();
  }

  private List<JsonNode> evidenceRefs() {
    var leads = admin().get("/api/v1/leads?room=" + room);
    assertThat(leads.status()).as(leads.toString()).isEqualTo(200);
    List<JsonNode> refs = new ArrayList<>();
    for (JsonNode l : leads.json()) {
      for (JsonNode f : l.get("findings")) {
        f.get("evidence").forEach(refs::add);
      }
    }
    assertThat(refs).as(leads.body()).isNotEmpty();
    return refs;
  }

  private EvidencePackage download(String path) throws Exception {
    var zip = admin().get(path);
    assertThat(zip.status()).as(zip.toString()).isEqualTo(200);
    assertThat(zip.header("Content-Type")).isEqualTo("application/zip");
    return new EvidencePackage(zip.bytes());
  }

  @Test
  void everyFindingIsSealedInTheVaultAndItsPackageVerifiesOffline() throws Exception {
    assertThat(sealer.pending()).isZero();
    long unsealed =
        jdbc.sql("SELECT COUNT(*) FROM evidence WHERE vault_id IS NULL").query(Long.class).single();
    assertThat(unsealed).isZero();
    boolean sawFrame = false;
    for (JsonNode ref : evidenceRefs()) {
      EvidencePackage p = download(ref.get("package").asString());
      VerificationReport independent = p.verify(sealer.vault().trustPolicy());
      assertThat(independent.failures()).isEmpty();
      assertThat(independent.passed()).isTrue();
      assertThat(independent.embeddedTrustOnly()).isFalse();
      VerificationReport embedded = p.verify(null);
      assertThat(embedded.passed()).isTrue();
      assertThat(embedded.embeddedTrustOnly()).isTrue();

      assertThat(p.roles()).contains("transcript", "finding", "listing", "price_history", "event");
      JsonNode subject = p.manifest.get("subject");
      assertThat(subject.get("platform").asString()).isEqualTo("kuaishou");
      assertThat(subject.get("room").asString()).isEqualTo(room);
      assertThat(p.manifest.get("capture").get("software").asString())
          .startsWith("liveguard-platform");
      // RFC 3161 tokens, both checkpoints, the export as a custody event by the downloading user.
      assertThat(p.files)
          .containsKeys(
              "sealed/timestamp.tsr", "timestamp.tsr", "sealed/checkpoint.note", "trust.json");
      assertThat(new String(p.files.get("checkpoint.note"), StandardCharsets.UTF_8))
          .startsWith(sealer.vault().origin() + "\n");
      String lastCustody =
          p.files.keySet().stream()
              .filter(n -> n.startsWith("custody/"))
              .sorted()
              .reduce((a, b) -> b)
              .orElseThrow();
      String custody = new String(p.files.get(lastCustody), StandardCharsets.UTF_8);
      assertThat(custody).contains("\"action\":\"exported\"").contains(TestDatabase.ADMIN_USER);

      // The evidence endpoint names the same sealed manifest.
      var meta = admin().get("/api/v1/evidence/" + ref.get("id").asLong()).json();
      assertThat(meta.get("evidenceId").asString())
          .isEqualTo(
              HexFormat.of()
                  .formatHex(
                      java.security.MessageDigest.getInstance("SHA-256")
                          .digest(p.files.get("manifest.json"))));
      if (p.roles().contains("frame")) {
        sawFrame = true;
        assertThat(p.roles()).contains("media_reference");
        assertThat(p.files).containsKey("items/" + frameSha);
      }
    }
    assertThat(sawFrame).as("the screen-text finding carries its frame from the vault").isTrue();
  }

  @Test
  void aChangedByteFailsVerificationAndNamesThePart() throws Exception {
    EvidencePackage p = download(evidenceRefs().get(0).get("package").asString());
    String transcriptSha = null;
    for (JsonNode i : p.manifest.get("items")) {
      if (i.get("role").asString().equals("transcript")) {
        transcriptSha = i.get("sha256").asString();
      }
    }
    assertThat(transcriptSha).isNotNull();
    record Case(String what, int at, String part) {}
    List<Case> cases =
        List.of(
            new Case(
                "transcript item",
                dataOffset(p.bytes, "items/" + transcriptSha) + 3,
                "items/" + transcriptSha),
            new Case("manifest", dataOffset(p.bytes, "manifest.json") + 20, "manifest.json"),
            new Case(
                "checkpoint signature",
                dataOffset(p.bytes, "checkpoint.note") + p.files.get("checkpoint.note").length - 5,
                "checkpoint.note"));
    for (Case c : cases) {
      assertThat(c.at()).as(c.what()).isPositive();
      byte[] bad = p.bytes.clone();
      bad[c.at()] ^= 0x01;
      VerificationReport r = EvidencePackage.verify(bad, sealer.vault().trustPolicy());
      assertThat(r.passed()).as(c.what()).isFalse();
      List<String> parts = r.failures().stream().map(Check::part).toList();
      assertThat(parts).as(c.what() + ": " + r.failures()).contains(c.part());
      assertThat(r.failures()).allSatisfy(f -> assertThat(f.detail()).isNotBlank());
    }
  }

  @Test
  void theRealCommandLineVerifiesTheDownloadedPackageAndRefusesATamperedOne() throws Exception {
    Path jar = Path.of(System.getProperty("liveguard.cli.jar", "../cli/target/liveguard-cli.jar"));
    assumeTrue(
        Files.isRegularFile(jar) && Files.isDirectory(jar.resolveSibling("lib")),
        "the CLI jar is built by the full reactor (cli precedes platform); missing: " + jar);
    Path dir = Files.createTempDirectory("liveguard-vault-cli");
    Path pkg = dir.resolve("evidence.zip");
    Path trust = dir.resolve("trust.json");
    EvidencePackage p = download(evidenceRefs().get(0).get("package").asString());
    Files.write(pkg, p.bytes);
    Files.write(trust, sealer.vault().trustPolicy().toBytes());
    var ok = cli(jar, "evidence", "verify", "--trust", trust.toString(), pkg.toString());
    assertThat(ok.exit()).as(ok.out()).isZero();
    assertThat(ok.out()).contains("结果：通过").doesNotContain("FAIL ");

    byte[] bad = p.bytes.clone();
    bad[dataOffset(bad, "manifest.json") + 10] ^= 0x01;
    Files.write(pkg, bad);
    var refused = cli(jar, "evidence", "verify", "--trust", trust.toString(), pkg.toString());
    assertThat(refused.exit()).as(refused.out()).isEqualTo(1);
    assertThat(refused.out()).contains("FAIL  manifest.json").contains("结果：未通过");
  }

  @Test
  void unknownEvidenceIsAProblemNotAPackage() {
    var missing = admin().get("/api/v1/evidence/987654321/package");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
    assertThat(admin().get("/api/v1/evidence/not-a-number/package").status()).isEqualTo(400);
  }

  @Test
  void theAuditTrailIsAppendedToTheSameLog() throws Exception {
    String pkg = evidenceRefs().get(0).get("package").asString();
    download(pkg); // an export is audited
    sealer.drain();
    var rows =
        jdbc.sql(
                "SELECT seq, hash, vault_index FROM audit_entry WHERE action = 'evidence.export'"
                    + " ORDER BY seq DESC LIMIT 1")
            .query((rs, i) -> new Object[] {rs.getLong(1), rs.getString(2), rs.getObject(3)})
            .single();
    assertThat(rows[2]).as("the export's audit entry is in the vault's log").isNotNull();
    String entry = new String(sealer.entry(((Number) rows[2]).longValue()), StandardCharsets.UTF_8);
    assertThat(entry)
        .contains("\"type\":\"" + EvidenceSealer.AUDIT_TYPE + "\"")
        .contains("\"seq\":" + rows[0])
        .contains("\"hash\":\"" + rows[1] + "\"");
    long missing =
        jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE vault_index IS NULL")
            .query(Long.class)
            .single();
    assertThat(missing).isZero();
  }

  /**
   * A crash between the vault's append and the database's record of it, then a restart: the sealer
   * is stopped, the rows are put back as the crash left them (the draft pending, the audit entry
   * without its index — the log already holds both), and started again. It adopts the entries
   * instead of appending them a second time.
   */
  @Test
  void aRestartAfterACrashBetweenAppendAndRecordAdoptsTheEntriesInsteadOfSealingAgain()
      throws Exception {
    var row =
        jdbc.sql(
                "SELECT e.id, e.vault_id, e.vault_index FROM evidence e JOIN finding f ON f.id ="
                    + " e.finding_id JOIN lead l ON l.id = f.lead_id WHERE l.room = ? ORDER BY"
                    + " e.id DESC LIMIT 1")
            .param(room)
            .query((rs, i) -> new Object[] {rs.getLong(1), rs.getString(2), rs.getLong(3)})
            .single();
    long evidence = (Long) row[0];
    var audit =
        jdbc.sql(
                "SELECT seq, vault_index FROM audit_entry WHERE vault_index IS NOT NULL ORDER BY"
                    + " seq DESC LIMIT 1")
            .query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)})
            .single();
    sealer.stop();
    long logSize;
    try {
      logSize = sealer.vault().log().size();
      jdbc.sql(
              "UPDATE evidence SET vault_id = NULL, vault_index = NULL, sealed_at = NULL WHERE"
                  + " id = ?")
          .param(evidence)
          .update();
      jdbc.sql("INSERT INTO evidence_pending (evidence_id) VALUES (?)").param(evidence).update();
      jdbc.sql("UPDATE audit_entry SET vault_index = NULL WHERE seq = ?").param(audit[0]).update();
    } finally {
      sealer.start(); // adopts before its first round
    }
    sealer.drain();
    var after =
        jdbc.sql("SELECT vault_id, vault_index FROM evidence WHERE id = ?")
            .param(evidence)
            .query((rs, i) -> new Object[] {rs.getString(1), rs.getLong(2)})
            .single();
    assertThat(after[0]).isEqualTo(row[1]);
    assertThat(after[1]).isEqualTo(row[2]);
    assertThat(
            jdbc.sql("SELECT vault_index FROM audit_entry WHERE seq = ?")
                .param(audit[0])
                .query(Long.class)
                .single())
        .isEqualTo(audit[1]);
    assertThat(
            jdbc.sql("SELECT COUNT(*) FROM evidence_pending WHERE evidence_id = ?")
                .param(evidence)
                .query(Long.class)
                .single())
        .isZero();
    // nothing of this was appended again (other audit entries may have been since)
    long manifests = 0;
    for (long i = logSize; i < sealer.vault().log().size(); i++) {
      String e = new String(sealer.entry(i), StandardCharsets.UTF_8);
      if (e.contains("\"evidence\":\"" + evidence + "\"")
          || e.contains("\"seq\":" + audit[0] + ",")) {
        manifests++;
      }
    }
    assertThat(manifests).isZero();
    // and the adopted evidence still exports as a package that verifies
    for (JsonNode ref : evidenceRefs()) {
      VerificationReport r =
          download(ref.get("package").asString()).verify(sealer.vault().trustPolicy());
      assertThat(r.failures()).as(ref.toString()).isEmpty();
    }
  }

  record Run(int exit, String out) {}

  static Run cli(Path jar, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Dstdout.encoding=UTF-8");
    cmd.add("-cp");
    cmd.add(jar + java.io.File.pathSeparator + jar.resolveSibling("lib") + "/*");
    cmd.add("io.liveguard.cli.Main");
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  /** Where member {@code name}'s data starts, walking the local headers of a STORED zip. */
  static int dataOffset(byte[] zip, String name) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(zip).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    int at = 0;
    while (at + 30 <= zip.length && b.getInt(at) == 0x04034b50) {
      int size = b.getInt(at + 18);
      int nameLength = Short.toUnsignedInt(b.getShort(at + 26));
      int extra = Short.toUnsignedInt(b.getShort(at + 28));
      String n = new String(zip, at + 30, nameLength, StandardCharsets.UTF_8);
      int data = at + 30 + nameLength + extra;
      if (n.equals(name)) {
        return data;
      }
      at = data + size;
    }
    throw new AssertionError("no member " + name + " in the package");
  }
}

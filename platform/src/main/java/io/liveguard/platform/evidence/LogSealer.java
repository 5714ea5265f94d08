package io.liveguard.platform.evidence;

import io.liveguard.evidence.OwnerOnlyFiles;
import io.liveguard.evidence.checkpoint.CheckpointSigner;
import io.liveguard.evidence.checkpoint.NoteKeys;
import io.liveguard.evidence.checkpoint.NoteSigner;
import io.liveguard.evidence.checkpoint.SignedNote;
import io.liveguard.evidence.log.InclusionProof;
import io.liveguard.evidence.log.MerkleLog;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends evidence manifests and audit entries to the evidence module's durable Merkle log (in
 * {@code <data>/evidence/log}) after they commit, records each one's log index, and signs a
 * checkpoint with the platform's Ed25519 log key ({@code <data>/evidence/log-key}, created on first
 * start). Runs every 250 ms and on demand; catches up on start. A crash between the append and the
 * index update re-appends the entry later: the log may hold an entry twice, never miss one.
 */
@Component
public class LogSealer {
  private static final Logger log = LoggerFactory.getLogger(LogSealer.class);
  static final int BATCH = 1000;

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final MerkleLog merkle;
  private final CheckpointSigner signer;
  private final String origin;
  // High-water marks: everything at or below is sealed, so each round reads by primary key range
  // instead of scanning for NULL indices.
  private long evidenceMark;
  private long auditMark;

  LogSealer(JdbcClient jdbc, JsonMapper json, @Value("${liveguard.data}") String data)
      throws Exception {
    this.jdbc = jdbc;
    this.json = json;
    Path dir = Path.of(data).toAbsolutePath().resolve("evidence");
    Files.createDirectories(dir);
    this.origin = "liveguard.local/evidence/" + node(dir);
    this.merkle = MerkleLog.open(dir.resolve("log"));
    NoteSigner key = key(dir.resolve("log-key"), origin);
    this.signer = new CheckpointSigner(origin, merkle, List.of(key), dir.resolve("checkpoint"));
  }

  private static String node(Path dir) throws IOException {
    Path id = dir.resolve("log-id");
    if (!Files.exists(id)) {
      Files.writeString(id, Long.toHexString(new SecureRandom().nextLong()));
    }
    return Files.readString(id).strip();
  }

  private static NoteSigner key(Path file, String origin) throws Exception {
    if (!Files.exists(file)) {
      NoteSigner s = NoteKeys.generateEd25519(origin, new SecureRandom());
      // Owner-only from creation: no window in which the key file has default permissions.
      OwnerOnlyFiles.writeNew(file, NoteKeys.privateKey(s), StandardCharsets.UTF_8);
    }
    return NoteKeys.parseSigner(Files.readString(file).strip());
  }

  @Scheduled(fixedDelay = 250, initialDelay = 0)
  void scheduled() {
    try {
      seal();
    } catch (Exception e) {
      log.error("sealing into the evidence log failed; will retry", e);
    }
  }

  /** Seals everything committed so far; returns how many entries were appended. */
  public synchronized int seal() throws Exception {
    int total = 0;
    while (true) {
      int n = sealEvidence() + sealAudit();
      if (n == 0) {
        break;
      }
      total += n;
    }
    if (total > 0) {
      signer.sign();
    }
    return total;
  }

  private int sealEvidence() throws IOException {
    var rows =
        jdbc.sql("SELECT id, manifest FROM evidence WHERE log_index IS NULL ORDER BY id LIMIT ?")
            .param(BATCH)
            .query((rs, i) -> new Object[] {rs.getLong(1), rs.getString(2)})
            .list();
    if (rows.isEmpty()) {
      return 0;
    }
    List<byte[]> entries = new ArrayList<>();
    for (Object[] r : rows) {
      entries.add(((String) r[1]).getBytes(StandardCharsets.UTF_8));
    }
    List<Long> idx = merkle.appendAll(entries);
    for (int i = 0; i < rows.size(); i++) {
      jdbc.sql("UPDATE evidence SET log_index = ? WHERE id = ?")
          .params(idx.get(i), rows.get(i)[0])
          .update();
    }
    // Evidence ids commit in order (one analysis thread), so nothing below the mark appears later.
    evidenceMark = (Long) rows.get(rows.size() - 1)[0];
    return rows.size();
  }

  private int sealAudit() throws IOException {
    var rows =
        jdbc.sql(
                "SELECT seq, at, actor, action, target, detail, prev_hash, hash FROM audit_entry"
                    + " WHERE seq > ? AND log_index IS NULL ORDER BY seq LIMIT ?")
            .params(auditMark, BATCH)
            .query(
                (rs, i) -> {
                  Map<String, Object> m = new TreeMap<>();
                  m.put("kind", "audit");
                  m.put("seq", rs.getLong(1));
                  m.put(
                      "at", rs.getObject(2, java.time.OffsetDateTime.class).toInstant().toString());
                  m.put("actor", rs.getString(3));
                  m.put("action", rs.getString(4));
                  m.put("target", rs.getString(5));
                  m.put("detail", rs.getString(6));
                  m.put("prev_hash", rs.getString(7));
                  m.put("hash", rs.getString(8));
                  return m;
                })
            .list();
    if (rows.isEmpty()) {
      return 0;
    }
    List<byte[]> entries = new ArrayList<>();
    for (Map<String, Object> r : rows) {
      entries.add(json.writeValueAsBytes(r));
    }
    List<Long> idx = merkle.appendAll(entries);
    for (int i = 0; i < rows.size(); i++) {
      jdbc.sql("UPDATE audit_entry SET log_index = ? WHERE seq = ?")
          .params(idx.get(i), rows.get(i).get("seq"))
          .update();
    }
    // Audit seqs are assigned under the audit_head row lock, so they commit in order.
    auditMark = (Long) rows.get(rows.size() - 1).get("seq");
    return rows.size();
  }

  /** What a package needs from the log for one entry. */
  public record Proof(
      long index, long treeSize, List<String> hashes, String checkpoint, String verifierKey) {}

  /** The inclusion proof of an entry in the latest signed checkpoint, sealing first if needed. */
  public synchronized Proof proof(long index) throws Exception {
    // Seal what is pending and prove against a checkpoint of the log as it is now.
    seal();
    SignedNote note = signer.sign();
    long size = sizeOf(note);
    if (size <= index) {
      throw new IllegalStateException("log entry " + index + " is not in the log of size " + size);
    }
    InclusionProof p = merkle.inclusionProof(index, size);
    // Check the proof before handing it out: a package that does not verify is worse than none.
    byte[] root = io.liveguard.evidence.checkpoint.Checkpoint.parse(note.text()).rootHash();
    byte[] leaf = io.liveguard.evidence.log.Rfc6962.leafHash(merkle.entry(index));
    if (!io.liveguard.evidence.log.ProofVerifier.verifyInclusion(leaf, p, root)) {
      throw new IllegalStateException(
          "inclusion proof of entry " + index + " in size " + size + " does not verify");
    }
    List<String> hashes = new ArrayList<>();
    for (byte[] h : p.hashes()) {
      hashes.add(java.util.HexFormat.of().formatHex(h));
    }
    return new Proof(
        index,
        size,
        hashes,
        new String(note.toBytes(), StandardCharsets.UTF_8),
        signer.verifiers().get(0).vkey());
  }

  private static long sizeOf(SignedNote note) throws Exception {
    return io.liveguard.evidence.checkpoint.Checkpoint.parse(note.text()).size();
  }

  public byte[] entry(long index) throws IOException {
    return merkle.entry(index);
  }

  public Map<String, Object> status() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("origin", origin);
    m.put("size", merkle.size());
    return m;
  }

  @PreDestroy
  void close() throws IOException {
    merkle.close();
  }
}

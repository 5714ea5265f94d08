package io.liveguard.platform;

import io.liveguard.evidence.checkpoint.Checkpoint;
import io.liveguard.evidence.checkpoint.NoteKeys;
import io.liveguard.evidence.checkpoint.SignedNote;
import io.liveguard.evidence.log.InclusionProof;
import io.liveguard.evidence.log.ProofVerifier;
import io.liveguard.evidence.log.Rfc6962;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import tools.jackson.databind.JsonNode;

/**
 * Verifies an evidence package offline, from its bytes alone: blob digests against the manifest,
 * the manifest's leaf in the log by its inclusion proof, and the checkpoint's signature.
 */
public final class EvidencePackage {
  public final Map<String, byte[]> files = new HashMap<>();
  public final JsonNode manifest;
  public final JsonNode proof;

  public EvidencePackage(byte[] zip) throws IOException {
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        files.put(e.getName(), in.readAllBytes());
      }
    }
    manifest = Http.JSON.readTree(files.get("manifest.json"));
    proof = Http.JSON.readTree(files.get("proof.json"));
  }

  /** An empty list when the package verifies; otherwise what failed. */
  public List<String> verify() throws Exception {
    List<String> problems = new ArrayList<>();
    byte[] m = files.get("manifest.json");
    if (!hex(sha256(m)).equals(proof.get("manifest_sha256").asString())) {
      problems.add("manifest digest");
    }
    for (JsonNode b : manifest.get("blobs")) {
      String sha = b.get("sha256").asString();
      byte[] content = files.get("blobs/" + sha);
      if (content == null || !hex(sha256(content)).equals(sha)) {
        problems.add("blob " + b.get("role").asString());
      }
    }
    SignedNote note = SignedNote.parse(proof.get("checkpoint").asString().getBytes());
    var verifier = NoteKeys.parseVerifier(proof.get("verifier_key").asString());
    if (!note.verify(List.of(verifier)).signedBy(verifier)) {
      problems.add("checkpoint signature");
    }
    Checkpoint c = Checkpoint.parse(note.text());
    List<byte[]> hashes = new ArrayList<>();
    for (JsonNode h : proof.get("inclusion_proof")) {
      hashes.add(HexFormat.of().parseHex(h.asString()));
    }
    var inclusion = new InclusionProof(proof.get("log_index").asLong(), c.size(), hashes);
    if (proof.get("tree_size").asLong() != c.size()
        || !ProofVerifier.verifyInclusion(Rfc6962.leafHash(m), inclusion, c.rootHash())) {
      problems.add("inclusion proof");
    }
    return problems;
  }

  static byte[] sha256(byte[] b) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(b);
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}

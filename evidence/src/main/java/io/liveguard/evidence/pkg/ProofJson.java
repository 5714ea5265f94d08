package io.liveguard.evidence.pkg;

import io.liveguard.evidence.json.Json;
import io.liveguard.evidence.json.JsonException;
import io.liveguard.evidence.json.JsonObject;
import io.liveguard.evidence.log.ConsistencyProof;
import io.liveguard.evidence.log.InclusionProof;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Encodes and decodes inclusion and consistency proofs as canonical JSON with base64 hashes. */
public final class ProofJson {

  private ProofJson() {}

  /** Returns the JSON bytes of an inclusion proof. */
  public static byte[] inclusion(InclusionProof p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("leafIndex", p.leafIndex());
    m.put("treeSize", p.treeSize());
    m.put("hashes", b64(p.hashes()));
    return Json.canonical(m);
  }

  /** Returns the JSON bytes of a consistency proof. */
  public static byte[] consistency(ConsistencyProof p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("size1", p.size1());
    m.put("size2", p.size2());
    m.put("hashes", b64(p.hashes()));
    return Json.canonical(m);
  }

  /** Parses an inclusion proof. */
  public static InclusionProof parseInclusion(byte[] bytes, String path) throws JsonException {
    JsonObject o = JsonObject.parse(bytes, path);
    InclusionProof p = new InclusionProof(o.integer("leafIndex"), o.integer("treeSize"), hashes(o));
    if (!java.util.Arrays.equals(inclusion(p), bytes)) {
      throw new JsonException(path + ": not in canonical form (or has unknown fields)");
    }
    return p;
  }

  /** Parses a consistency proof. */
  public static ConsistencyProof parseConsistency(byte[] bytes, String path) throws JsonException {
    JsonObject o = JsonObject.parse(bytes, path);
    ConsistencyProof p = new ConsistencyProof(o.integer("size1"), o.integer("size2"), hashes(o));
    if (!java.util.Arrays.equals(consistency(p), bytes)) {
      throw new JsonException(path + ": not in canonical form (or has unknown fields)");
    }
    return p;
  }

  private static List<Object> b64(List<byte[]> hs) {
    List<Object> out = new ArrayList<>();
    for (byte[] h : hs) {
      out.add(Base64.getEncoder().encodeToString(h));
    }
    return out;
  }

  private static List<byte[]> hashes(JsonObject o) throws JsonException {
    List<Object> raw = o.array("hashes");
    if (raw.size() > 128) {
      throw new JsonException(o.path() + ".hashes: more than 128 hashes");
    }
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      if (!(raw.get(i) instanceof String s)) {
        throw new JsonException(o.path() + ".hashes[" + i + "]: expected base64");
      }
      try {
        out.add(Base64.getDecoder().decode(s));
      } catch (IllegalArgumentException e) {
        throw new JsonException(o.path() + ".hashes[" + i + "]: not valid base64");
      }
    }
    return out;
  }
}

package io.liveguard.media.slice;

import io.liveguard.evidence.blob.BlobRef;
import io.liveguard.evidence.blob.BlobStore;
import io.liveguard.evidence.json.Json;
import io.liveguard.evidence.json.JsonException;
import io.liveguard.evidence.log.MerkleLog;
import io.liveguard.evidence.log.ProofVerifier;
import io.liveguard.evidence.log.Rfc6962;
import io.liveguard.media.capture.SegmentSpool;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Seals evidence slices: commits the pieces of a finding to the blob store, writes the manifest,
 * appends it to the Merkle log; and verifies a slice offline. Thread-safe (the log serializes
 * appends).
 */
public final class SliceSealer {

  private final BlobStore blobs;
  private final MerkleLog log;

  /** A sealer writing to {@code blobs} and {@code log}. */
  public SliceSealer(BlobStore blobs, MerkleLog log) {
    this.blobs = Objects.requireNonNull(blobs, "blobs");
    this.log = Objects.requireNonNull(log, "log");
  }

  /**
   * Seals one finding.
   *
   * @param segments pinned segments (each with its blob) around the finding
   * @param frame the keyframe JPEG the text was read from (already in the blob store), or null
   * @param eventJson the event line the finding rests on
   * @param findingJson the finding line
   * @param context capture context (node, software, source, clock)
   */
  public EvidenceSlice seal(
      List<SegmentSpool.Segment> segments,
      BlobRef frame,
      String eventJson,
      String findingJson,
      Map<String, String> context)
      throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", "liveguard-media-slice/1");
    List<Object> segs = new ArrayList<>();
    for (SegmentSpool.Segment s : segments) {
      if (s.blob() == null) {
        throw new IllegalArgumentException("segment " + s.seq() + " is not pinned");
      }
      Map<String, Object> e = blob(s.blob());
      e.put("seq", s.seq());
      e.put("start_ms", s.startMillis());
      e.put("end_ms", s.endMillis());
      e.put("partial", s.partial());
      segs.add(e);
    }
    m.put("segments", segs);
    if (frame != null) {
      m.put("frame", blob(frame));
    }
    m.put(
        "event",
        blob(
            blobs.put(
                new ByteArrayInputStream(
                    eventJson.getBytes(java.nio.charset.StandardCharsets.UTF_8)))));
    m.put(
        "finding",
        blob(
            blobs.put(
                new ByteArrayInputStream(
                    findingJson.getBytes(java.nio.charset.StandardCharsets.UTF_8)))));
    m.put("context", new LinkedHashMap<String, Object>(context));
    byte[] manifest = Json.canonical(m);
    BlobRef mref = blobs.put(new ByteArrayInputStream(manifest));
    long index = log.append(manifest);
    long size = log.size();
    return new EvidenceSlice(
        mref.sha256(), manifest, index, log.inclusionProof(index, size), log.rootAt(size));
  }

  private static Map<String, Object> blob(BlobRef r) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("sha256", r.sha256());
    e.put("sm3", r.sm3());
    e.put("size", r.size());
    return e;
  }

  /**
   * Verifies a slice: the manifest is a leaf of the log under {@code slice.root()}, and every blob
   * it lists is present in {@code blobs} with the listed SHA-256 and size. Returns the problems
   * found, empty if none.
   */
  public static List<String> verify(EvidenceSlice slice, BlobStore blobs) throws IOException {
    List<String> problems = new ArrayList<>();
    if (!ProofVerifier.verifyInclusion(
        Rfc6962.leafHash(slice.manifest()), slice.proof(), slice.root())) {
      problems.add("manifest is not included in the log under the given root");
    }
    if (!sha256(slice.manifest()).equals(slice.manifestSha256())) {
      problems.add("manifest digest does not match");
    }
    Object parsed;
    try {
      parsed = Json.parse(slice.manifest());
    } catch (JsonException e) {
      problems.add("manifest is not JSON: " + e.getMessage());
      return problems;
    }
    List<Map<?, ?>> refs = new ArrayList<>();
    if (parsed instanceof Map<?, ?> m) {
      if (m.get("segments") instanceof List<?> l) {
        for (Object o : l) {
          refs.add((Map<?, ?>) o);
        }
      }
      for (String k : List.of("frame", "event", "finding")) {
        if (m.get(k) instanceof Map<?, ?> r) {
          refs.add(r);
        }
      }
    }
    for (Map<?, ?> r : refs) {
      String sha = String.valueOf(r.get("sha256"));
      try (InputStream in = blobs.open(sha)) {
        MessageDigest md = Rfc6962.sha256();
        byte[] buf = new byte[1 << 16];
        long size = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
          md.update(buf, 0, n);
          size += n;
        }
        String got = HexFormat.of().formatHex(md.digest());
        if (!got.equals(sha)) {
          problems.add("blob " + sha + " hashes to " + got);
        }
        if (!(r.get("size") instanceof Long l) || l != size) {
          problems.add("blob " + sha + " has size " + size + ", manifest says " + r.get("size"));
        }
      } catch (java.nio.file.NoSuchFileException e) {
        problems.add("blob " + sha + " is missing");
      }
    }
    return problems;
  }

  private static String sha256(byte[] b) {
    MessageDigest md = Rfc6962.sha256();
    return HexFormat.of().formatHex(md.digest(b));
  }
}

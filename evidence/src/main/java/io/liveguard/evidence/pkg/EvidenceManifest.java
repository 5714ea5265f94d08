package io.liveguard.evidence.pkg;

import io.liveguard.evidence.blob.BlobKeys;
import io.liveguard.evidence.json.Json;
import io.liveguard.evidence.json.JsonException;
import io.liveguard.evidence.json.JsonObject;
import io.liveguard.evidence.log.Rfc6962;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The manifest of one piece of evidence: every item with its digests, the detection, the subject,
 * the capture context and the collector. Its canonical JSON bytes ({@link #toBytes}) are exactly
 * what the log records as a leaf, and the evidence id is their SHA-256.
 *
 * @param items the evidence files, at least one
 * @param detection what was detected, or null
 * @param subject the subject as key/value pairs (platform, room, session, listing, …)
 * @param capture where, how and when the evidence was captured
 * @param collector who fixed the evidence
 * @param sealedAt when the evidence was sealed (ISO-8601 UTC, from the vault clock)
 * @param nonce random hex, so two identical captures remain two distinct log entries
 */
public record EvidenceManifest(
    List<Item> items,
    Detection detection,
    Map<String, String> subject,
    Capture capture,
    String collector,
    String sealedAt,
    String nonce) {

  /** The {@code type} field of manifests. */
  public static final String TYPE = "liveguard.evidence/manifest/v1";

  public EvidenceManifest {
    items = List.copyOf(items);
    // Sorted by key and unmodifiable: Map.copyOf would iterate in an order salted per JVM, and
    // the report renders the subject in iteration order (a verifier in another JVM re-renders it).
    subject = Collections.unmodifiableSortedMap(new TreeMap<>(subject));
    if (items.isEmpty()) {
      throw new IllegalArgumentException("a manifest lists at least one item");
    }
  }

  /**
   * One evidence file.
   *
   * @param role what the file is (clip, transcript, frame, listing, price_history, other)
   * @param name the original file name, for people (never used as a path)
   * @param mediaType the IANA media type
   * @param size length in bytes
   * @param sha256 lowercase hex SHA-256
   * @param sm3 lowercase hex SM3
   * @param chunkRoot lowercase hex chunk-tree root
   * @param chunkSize chunk length in bytes
   */
  public record Item(
      String role,
      String name,
      String mediaType,
      long size,
      String sha256,
      String sm3,
      String chunkRoot,
      long chunkSize) {
    public Item {
      BlobKeys.check(sha256);
      // same form as a blob key; checked without a regular expression (one per item sealed)
      if (!BlobKeys.isValid(sm3) || !BlobKeys.isValid(chunkRoot)) {
        throw new IllegalArgumentException("item digests must be 64 lowercase hex digits");
      }
    }
  }

  /**
   * The detection the evidence supports.
   *
   * @param rule the rule id
   * @param excerpt the text that matched
   * @param time when it was said or shown (ISO-8601)
   */
  public record Detection(String rule, String excerpt, String time) {}

  /**
   * The capture context.
   *
   * @param node the capture node id
   * @param software the software name and version
   * @param softwareDigest SHA-256 of the software build, or "unknown"
   * @param timeSource how the node's clock is set (e.g. "system clock, NTP")
   * @param capturedAt when capture happened (ISO-8601)
   */
  public record Capture(
      String node, String software, String softwareDigest, String timeSource, String capturedAt) {}

  /** Returns the canonical JSON bytes of this manifest. */
  public byte[] toBytes() {
    return Json.canonical(toJson());
  }

  /** Returns the evidence id: lowercase hex SHA-256 of {@link #toBytes}. */
  public String id() {
    return HexFormat.of().formatHex(Rfc6962.sha256().digest(toBytes()));
  }

  /** Returns the JSON tree of this manifest. */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", TYPE);
    List<Object> is = new ArrayList<>();
    for (Item i : items) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("role", i.role());
      o.put("name", i.name());
      o.put("mediaType", i.mediaType());
      o.put("size", i.size());
      o.put("sha256", i.sha256());
      o.put("sm3", i.sm3());
      o.put("chunkRoot", i.chunkRoot());
      o.put("chunkSize", i.chunkSize());
      is.add(o);
    }
    m.put("items", is);
    if (detection != null) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("rule", detection.rule());
      d.put("excerpt", detection.excerpt());
      d.put("time", detection.time());
      m.put("detection", d);
    }
    m.put("subject", new TreeMap<String, Object>(subject));
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("node", capture.node());
    c.put("software", capture.software());
    c.put("softwareDigest", capture.softwareDigest());
    c.put("timeSource", capture.timeSource());
    c.put("capturedAt", capture.capturedAt());
    m.put("capture", c);
    m.put("collector", collector);
    m.put("sealedAt", sealedAt);
    m.put("nonce", nonce);
    return m;
  }

  /**
   * Parses manifest bytes, requiring that they are exactly the canonical form (so one manifest has
   * one byte representation and one leaf hash).
   */
  public static EvidenceManifest parse(byte[] bytes) throws JsonException {
    JsonObject o = JsonObject.parse(bytes, "manifest");
    if (!TYPE.equals(o.string("type"))) {
      throw new JsonException("manifest.type: expected " + TYPE);
    }
    List<Item> items = new ArrayList<>();
    List<Object> raw = o.array("items");
    for (int k = 0; k < raw.size(); k++) {
      JsonObject i = new JsonObject(raw.get(k), "manifest.items[" + k + "]");
      try {
        items.add(
            new Item(
                i.string("role"),
                i.string("name"),
                i.string("mediaType"),
                i.integer("size"),
                i.string("sha256"),
                i.string("sm3"),
                i.string("chunkRoot"),
                i.integer("chunkSize")));
      } catch (IllegalArgumentException e) {
        throw new JsonException(i.path() + ": " + e.getMessage());
      }
    }
    Detection det = null;
    if (o.has("detection")) {
      JsonObject d = o.object("detection");
      det = new Detection(d.string("rule"), d.string("excerpt"), d.string("time"));
    }
    Map<String, String> subject = new TreeMap<>();
    for (Map.Entry<String, Object> e : o.object("subject").map().entrySet()) {
      if (!(e.getValue() instanceof String s)) {
        throw new JsonException("manifest.subject." + e.getKey() + ": expected a string");
      }
      subject.put(e.getKey(), s);
    }
    JsonObject c = o.object("capture");
    Capture cap =
        new Capture(
            c.string("node"),
            c.string("software"),
            c.string("softwareDigest"),
            c.string("timeSource"),
            c.string("capturedAt"));
    EvidenceManifest m;
    try {
      m =
          new EvidenceManifest(
              items,
              det,
              subject,
              cap,
              o.string("collector"),
              o.string("sealedAt"),
              o.string("nonce"));
    } catch (IllegalArgumentException e) {
      throw new JsonException("manifest: " + e.getMessage());
    }
    if (!Arrays.equals(m.toBytes(), bytes)) {
      throw new JsonException("manifest is not in canonical form (or has unknown fields)");
    }
    return m;
  }
}

package io.liveguard.platform.evidence;

import io.liveguard.platform.lead.EvidenceRecorder;
import io.liveguard.platform.lead.RaisedFinding;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fixes the evidence of findings in the findings' own transaction: a draft per finding listing its
 * items by SHA-256 (the text the finding's offsets refer to, the finding itself, the listing
 * snapshot, the price history, the source event, the media reference) and a row in {@code
 * evidence_pending} holding the items the platform composed for it. Right after the commit the
 * {@link EvidenceSealer} seals the draft through the evidence module's {@code EvidenceVault} (RFC
 * 3161 timestamp, Ed25519 and SM2 checkpoint signatures), off the analysis thread, so that sealing
 * never holds the analysis transaction or its locks.
 *
 * <p>Design: each item has one authoritative copy at a time. Until sealed, the composed items live
 * in the pending row and the source event and the finding in their own tables; once sealed, the
 * vault's blob store holds them all and the pending row is gone. The drafts of one call are written
 * with three JDBC batches (drafts, their ids, pending rows), whatever their number.
 */
@Component
class EvidenceStore implements EvidenceRecorder {
  private static final int IN_LIST = 500;

  private final JdbcTemplate jdbc;
  private final JsonMapper json;
  private final InstantSource clock;
  private final ApplicationEventPublisher events;

  EvidenceStore(
      JdbcTemplate jdbc, JsonMapper json, InstantSource clock, ApplicationEventPublisher events) {
    this.jdbc = jdbc;
    this.json = json;
    this.clock = clock;
    this.events = events;
  }

  /** Published in the findings' transaction; the sealer listens after commit. */
  record Recorded(int drafts) {}

  /** A draft ready to insert, with the composed items its pending row keeps. */
  private record Draft(
      Stored stored,
      String manifest,
      String sha256,
      String text,
      String listing,
      String prices,
      String media) {}

  @Override
  public List<Long> recordAll(List<Stored> findings) {
    if (findings.isEmpty()) {
      return List.of();
    }
    Map<Long, String> bodies = eventBodies(findings);
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    String createdAt = now.toInstant().toString();
    // The listing snapshot and price history are shared by many findings of a room: digest once.
    Map<String, Digest> digests = new HashMap<>();
    List<Draft> drafts = new ArrayList<>(findings.size());
    for (Stored s : findings) {
      RaisedFinding r = s.raised();
      String event = r.eventBody() != null ? r.eventBody() : bodies.get(r.eventSeq());
      if (event == null) {
        throw new IllegalStateException(
            "finding " + s.findingId() + ": event seq " + r.eventSeq() + " is not stored");
      }
      String media = r.media() == null ? null : json.writeValueAsString(Map.of("frame", r.media()));
      List<Map<String, Object>> blobs = new ArrayList<>();
      blob(blobs, digests, "text", "text/plain; charset=utf-8", r.text());
      blob(blobs, digests, "listing_snapshot", "application/json", r.listingSnapshot());
      blob(blobs, digests, "price_history", "application/json", r.priceHistory());
      blob(blobs, null, "event", "application/json", event);
      blob(blobs, null, "finding", "application/json", s.findingJson());
      blob(blobs, null, "media_reference", "application/json", media);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("version", 1);
      m.put("kind", "finding");
      m.put("finding", json.readTree(s.findingJson()));
      m.put("finding_id", s.findingId());
      m.put("lead_id", s.leadId());
      m.put("event_id", r.eventId());
      m.put("platform", r.platform());
      m.put("room", r.room());
      m.put("session", r.session());
      m.put("at", r.at().toString());
      m.put("blobs", blobs);
      if (r.media() != null) {
        m.put("media", r.media());
      }
      m.put("created_at", createdAt);
      String manifest = canonical(json.valueToTree(m));
      drafts.add(
          new Draft(
              s,
              manifest,
              sha256(manifest.getBytes(StandardCharsets.UTF_8)),
              r.text(),
              r.listingSnapshot(),
              r.priceHistory(),
              media));
    }
    jdbc.batchUpdate(
        "INSERT INTO evidence (finding_id, lead_id, manifest, manifest_sha256, created_at) VALUES"
            + " (?, ?, ?, ?, ?)",
        drafts,
        drafts.size(),
        (ps, d) -> {
          ps.setLong(1, d.stored().findingId());
          ps.setLong(2, d.stored().leadId());
          ps.setString(3, d.manifest());
          ps.setString(4, d.sha256());
          ps.setObject(5, now);
        });
    Map<Long, Long> idByFinding = new HashMap<>();
    List<Long> findingIds = findings.stream().map(Stored::findingId).toList();
    for (int from = 0; from < findingIds.size(); from += IN_LIST) {
      List<Long> part = findingIds.subList(from, Math.min(findingIds.size(), from + IN_LIST));
      jdbc.query(
          "SELECT finding_id, id FROM evidence WHERE finding_id IN ("
              + String.join(",", Collections.nCopies(part.size(), "?"))
              + ")",
          rs -> {
            idByFinding.put(rs.getLong(1), rs.getLong(2));
          },
          part.toArray());
    }
    List<Long> ids = new ArrayList<>(drafts.size());
    for (Stored s : findings) {
      Long id = idByFinding.get(s.findingId());
      if (id == null) {
        throw new IllegalStateException("evidence of finding " + s.findingId() + " was not stored");
      }
      ids.add(id);
    }
    List<Object[]> pending = new ArrayList<>(drafts.size());
    for (int i = 0; i < drafts.size(); i++) {
      Draft d = drafts.get(i);
      pending.add(new Object[] {ids.get(i), d.text(), d.listing(), d.prices(), d.media()});
    }
    jdbc.batchUpdate(
        "INSERT INTO evidence_pending (evidence_id, item_text, item_listing, item_prices,"
            + " item_media) VALUES (?, ?, ?, ?, ?)",
        pending,
        pending.size(),
        (ps, row) -> {
          ps.setLong(1, (Long) row[0]);
          for (int c = 1; c < 5; c++) {
            ps.setString(c + 1, (String) row[c]);
          }
        });
    events.publishEvent(new Recorded(drafts.size()));
    return ids;
  }

  /** The stored bodies of the events the findings rest on that the caller did not hand over. */
  private Map<Long, String> eventBodies(List<Stored> findings) {
    List<Long> seqs =
        findings.stream()
            .map(Stored::raised)
            .filter(r -> r.eventBody() == null)
            .map(RaisedFinding::eventSeq)
            .distinct()
            .toList();
    Map<Long, String> out = new HashMap<>();
    for (int from = 0; from < seqs.size(); from += IN_LIST) {
      List<Long> part = seqs.subList(from, Math.min(seqs.size(), from + IN_LIST));
      jdbc.query(
          "SELECT seq, body FROM event WHERE seq IN ("
              + String.join(",", Collections.nCopies(part.size(), "?"))
              + ")",
          rs -> {
            out.put(rs.getLong(1), rs.getString(2));
          },
          part.toArray());
    }
    return out;
  }

  /** An item's SHA-256 (hex) and size in bytes (UTF-8). */
  private record Digest(String sha256, int size) {
    static Digest of(String content) {
      byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
      return new Digest(EvidenceStore.sha256(bytes), bytes.length);
    }
  }

  private static void blob(
      List<Map<String, Object>> blobs,
      Map<String, Digest> digests,
      String role,
      String type,
      String content) {
    if (content == null) {
      return;
    }
    // The analysis hands the same String for a room's unchanged listing and price history.
    Digest digest =
        digests == null ? Digest.of(content) : digests.computeIfAbsent(content, Digest::of);
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("role", role);
    b.put("sha256", digest.sha256());
    b.put("size", digest.size());
    b.put("media_type", type);
    blobs.add(b);
  }

  /** JSON with object keys sorted at every level, no insignificant whitespace. */
  String canonical(JsonNode n) {
    return json.writeValueAsString(sorted(n));
  }

  private Object sorted(JsonNode n) {
    if (n.isObject()) {
      Map<String, Object> m = new TreeMap<>();
      for (var e : n.properties()) {
        m.put(e.getKey(), sorted(e.getValue()));
      }
      return m;
    }
    if (n.isArray()) {
      List<Object> l = new ArrayList<>();
      n.forEach(x -> l.add(sorted(x)));
      return l;
    }
    return n;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package io.liveguard.platform.evidence;

import io.liveguard.platform.lead.EvidenceRecorder;
import io.liveguard.platform.lead.RaisedFinding;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fixes the evidence of a finding in the finding's own transaction: every blob (the text the
 * finding's offsets refer to, the listing snapshot, the price history, the source event) by its
 * SHA-256, and a manifest listing them with the finding and the capture context. The {@link
 * LogSealer} then appends the manifest bytes to the evidence module's Merkle log.
 */
@Component
class EvidenceStore implements EvidenceRecorder {
  static final String SOFTWARE = "liveguard-platform 0.1.0";
  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final InstantSource clock;
  private final String node;

  EvidenceStore(JdbcClient jdbc, JsonMapper json, InstantSource clock) {
    this.jdbc = jdbc;
    this.json = json;
    this.clock = clock;
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "unknown";
    }
    this.node = host;
  }

  @Override
  public long record(long findingId, long leadId, RaisedFinding r, String findingJson) {
    List<Map<String, Object>> blobs = new ArrayList<>();
    blob(blobs, "text", "text/plain; charset=utf-8", r.text());
    blob(blobs, "listing_snapshot", "application/json", r.listingSnapshot());
    blob(blobs, "price_history", "application/json", r.priceHistory());
    String event =
        jdbc.sql("SELECT body FROM event WHERE seq = ?")
            .param(r.eventSeq())
            .query(String.class)
            .single();
    blob(blobs, "event", "application/json", event);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", 1);
    m.put("kind", "finding");
    m.put("finding", json.readTree(findingJson));
    m.put("finding_id", findingId);
    m.put("lead_id", leadId);
    m.put("event_id", r.eventId());
    m.put("platform", r.platform());
    m.put("room", r.room());
    m.put("session", r.session());
    m.put("at", r.at().toString());
    m.put("blobs", blobs);
    if (r.media() != null) {
      m.put("media", r.media());
    }
    m.put(
        "capture", Map.of("node", node, "software", SOFTWARE, "time_source", "system clock (UTC)"));
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    m.put("created_at", now.toInstant().toString());
    String manifest = canonical(json.valueToTree(m));
    var k = new GeneratedKeyHolder();
    jdbc.sql(
            "INSERT INTO evidence (finding_id, lead_id, manifest, manifest_sha256, created_at)"
                + " VALUES (?, ?, ?, ?, ?)")
        .params(findingId, leadId, manifest, sha256(manifest.getBytes(StandardCharsets.UTF_8)), now)
        .update(k, "id");
    return k.getKey().longValue();
  }

  private void blob(List<Map<String, Object>> blobs, String role, String type, String content) {
    if (content == null) {
      return;
    }
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    String digest = sha256(bytes);
    jdbc.sql(
            "INSERT INTO evidence_blob (sha256, media_type, content) VALUES (?, ?, ?) ON CONFLICT"
                + " DO NOTHING")
        .params(digest, type, bytes)
        .update();
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("role", role);
    b.put("sha256", digest);
    b.put("size", bytes.length);
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

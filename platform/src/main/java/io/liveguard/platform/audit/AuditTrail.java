package io.liveguard.platform.audit;

import io.liveguard.platform.persistence.H2Durability;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit trail: who did what, when, to what, and why. Entries are hash-chained: {@code hash =
 * SHA-256(prevHash "\n" seq "\n" at "\n" actor "\n" action "\n" target "\n" detail)}, so a
 * rewritten or removed entry breaks every later hash. Appends take a row lock on {@code
 * audit_head}, run inside the caller's transaction (an action and its audit entry commit together),
 * and are passed to every {@link AuditSink} (the evidence log) after the chain update.
 */
@Service
public class AuditTrail {
  public static final String GENESIS = "0".repeat(64);

  private final JdbcClient jdbc;
  private final InstantSource clock;
  private final JsonMapper json;
  private final List<AuditSink> sinks;
  private final H2Durability durability;

  AuditTrail(
      JdbcClient jdbc,
      InstantSource clock,
      JsonMapper json,
      List<AuditSink> sinks,
      H2Durability durability) {
    this.durability = durability;
    this.jdbc = jdbc;
    this.clock = clock;
    this.json = json;
    this.sinks = List.copyOf(sinks);
  }

  /** One entry of the trail. */
  public record Entry(
      long seq,
      Instant at,
      String actor,
      String action,
      String target,
      String detail,
      String prevHash,
      String hash) {}

  /**
   * Appends an entry in the caller's transaction (or a new one) and returns it. The action it
   * records is acknowledged to the user once that transaction commits, so the commit is made
   * durable before it returns ({@link H2Durability}).
   */
  @Transactional(propagation = Propagation.REQUIRED)
  public Entry append(String actor, String action, String target, Map<String, ?> detail) {
    String detailJson = json.writeValueAsString(new TreeMap<>(detail));
    var head =
        jdbc.sql("SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE")
            .query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2)})
            .single();
    long seq = (Long) head[0] + 1;
    String prev = (String) head[1];
    Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
    String hash = hash(prev, seq, at, actor, action, target, detailJson);
    jdbc.sql(
            "INSERT INTO audit_entry (seq, at, actor, action, target, detail, prev_hash, hash)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            seq,
            OffsetDateTime.ofInstant(at, ZoneOffset.UTC),
            actor,
            action,
            target,
            detailJson,
            prev,
            hash)
        .update();
    jdbc.sql("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1").params(seq, hash).update();
    durability.syncAfterCommit();
    Entry e = new Entry(seq, at, actor, action, target, detailJson, prev, hash);
    for (AuditSink s : sinks) {
      s.appended(e);
    }
    return e;
  }

  public List<Entry> forTarget(String target) {
    return jdbc.sql("SELECT * FROM audit_entry WHERE target = ? ORDER BY seq")
        .param(target)
        .query(AuditTrail::map)
        .list();
  }

  public List<Entry> page(long afterSeq, int limit) {
    return jdbc.sql("SELECT * FROM audit_entry WHERE seq > ? ORDER BY seq LIMIT ?")
        .params(afterSeq, limit)
        .query(AuditTrail::map)
        .list();
  }

  /** Recomputes the chain; returns the first broken seq, or -1 when every link holds. */
  @Transactional(readOnly = true)
  public long verify() {
    String prev = GENESIS;
    long expected = 1;
    long after = 0;
    while (true) {
      List<Entry> page = page(after, 1000);
      if (page.isEmpty()) {
        return -1;
      }
      for (Entry e : page) {
        if (e.seq() != expected
            || !e.prevHash().equals(prev)
            || !e.hash()
                .equals(
                    hash(prev, e.seq(), e.at(), e.actor(), e.action(), e.target(), e.detail()))) {
          return e.seq();
        }
        prev = e.hash();
        expected++;
        after = e.seq();
      }
    }
  }

  static String hash(
      String prev,
      long seq,
      Instant at,
      String actor,
      String action,
      String target,
      String detail) {
    String s =
        String.join("\n", prev, Long.toString(seq), at.toString(), actor, action, target, detail);
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Entry map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
    return new Entry(
        rs.getLong("seq"),
        rs.getObject("at", OffsetDateTime.class).toInstant(),
        rs.getString("actor"),
        rs.getString("action"),
        rs.getString("target"),
        rs.getString("detail"),
        rs.getString("prev_hash"),
        rs.getString("hash"));
  }
}

package io.liveguard.platform.risk;

import io.liveguard.platform.audit.AuditTrail;
import io.liveguard.platform.security.Actor;
import io.liveguard.platform.web.ApiException;
import io.liveguard.risk.Subject;
import io.liveguard.risk.Tier;
import io.liveguard.risk.Warning;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Early warnings for officers: list within the actor's jurisdiction, read, acknowledge (audited).
 */
@Service
public class Warnings {
  private final JdbcClient jdbc;
  private final JdbcRiskStore store;
  private final AuditTrail audit;
  private final InstantSource clock;

  Warnings(JdbcClient jdbc, JdbcRiskStore store, AuditTrail audit, InstantSource clock) {
    this.jdbc = jdbc;
    this.store = store;
    this.audit = audit;
    this.clock = clock;
  }

  /** A warning as the API and the pages show it. */
  public record View(
      long id,
      String rule,
      String subject,
      String subjectName,
      String tier,
      Map<String, String> facts,
      Set<Long> rooms,
      Instant raisedAt,
      Instant lastTriggeredAt,
      String status,
      Instant acknowledgedAt,
      String acknowledgedBy,
      String ackNote) {}

  /**
   * Warnings the actor may see, newest first.
   *
   * @param status {@code open}, {@code acknowledged} or {@code null} for both
   */
  @Transactional(readOnly = true)
  public List<View> list(Actor actor, String status, String tier, String rule, int limit) {
    StringBuilder sql = new StringBuilder("SELECT * FROM warning WHERE 1 = 1");
    List<Object> p = new ArrayList<>();
    scope(actor, sql, p);
    if ("open".equals(status)) {
      sql.append(" AND acknowledged_at IS NULL");
    } else if ("acknowledged".equals(status)) {
      sql.append(" AND acknowledged_at IS NOT NULL");
    } else if (status != null) {
      throw ApiException.badRequest("bad-parameter", "status", status);
    }
    if (tier != null) {
      try {
        Tier.parse(tier);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("bad-parameter", "tier", tier);
      }
      sql.append(" AND tier = ?");
      p.add(tier);
    }
    if (rule != null) {
      sql.append(" AND rule = ?");
      p.add(rule);
    }
    sql.append(" ORDER BY acknowledged_at IS NULL DESC, tier_rank DESC, id DESC LIMIT ?");
    p.add(Math.max(1, Math.min(limit, 1000)));
    return jdbc.sql(sql.toString()).params(p).query((rs, i) -> view(rs)).list();
  }

  private static void scope(Actor actor, StringBuilder sql, List<Object> p) {
    if (actor.jurisdictionPath() != null) {
      sql.append(" AND jurisdiction_path LIKE ?");
      p.add(actor.jurisdictionPath() + "%");
    }
  }

  @Transactional(readOnly = true)
  public View get(Actor actor, long id) {
    StringBuilder sql = new StringBuilder("SELECT * FROM warning WHERE id = ?");
    List<Object> p = new ArrayList<>(List.of(id));
    scope(actor, sql, p);
    return jdbc.sql(sql.toString())
        .params(p)
        .query((rs, i) -> view(rs))
        .optional()
        .orElseThrow(() -> ApiException.notFound("warning", id));
  }

  /** Acknowledges an open warning; the acknowledgement and its note go into the audit trail. */
  @Transactional
  public View acknowledge(Actor actor, long id, String note) {
    View v = get(actor, id);
    if (!"open".equals(v.status())) {
      throw ApiException.conflict("warning-acknowledged", id);
    }
    Instant now = clock.instant();
    int n =
        jdbc.sql(
                "UPDATE warning SET acknowledged_at = ?, acknowledged_by = ?, ack_note = ? WHERE id"
                    + " = ? AND acknowledged_at IS NULL")
            .params(Sql.ts(now), actor.username(), note, id)
            .update();
    if (n != 1) {
      throw ApiException.conflict("warning-acknowledged", id);
    }
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("rule", v.rule());
    detail.put("subject", v.subject());
    detail.put("tier", v.tier());
    if (note != null && !note.isBlank()) {
      detail.put("note", note);
    }
    if (actor.tokenId() != null) {
      detail.put("via_token", actor.tokenId());
    }
    audit.append(actor.username(), "warning.acknowledge", "warning:" + id, detail);
    return get(actor, id);
  }

  private View view(java.sql.ResultSet rs) throws java.sql.SQLException {
    Warning w = store.mapWarning(rs);
    return new View(
        w.id(),
        w.rule(),
        w.subject().key(),
        name(w.subject()),
        w.tier().id(),
        w.facts(),
        w.rooms(),
        w.raisedAt(),
        w.lastTriggeredAt(),
        w.open() ? "open" : "acknowledged",
        w.acknowledgedAt(),
        w.acknowledgedBy(),
        rs.getString("ack_note"));
  }

  /** The registry name of a subject, or {@code null}. */
  String name(Subject s) {
    String sql =
        switch (s.kind()) {
          case ROOM ->
              "SELECT COALESCE(name, platform || ':' || external_id) FROM room WHERE id = ?";
          case STREAMER -> "SELECT name FROM streamer WHERE id = ?";
          case ENTERPRISE -> "SELECT name FROM enterprise WHERE id = ?";
        };
    List<String> l = jdbc.sql(sql).param(s.id()).query(String.class).list();
    return l.isEmpty() ? null : l.get(0);
  }
}

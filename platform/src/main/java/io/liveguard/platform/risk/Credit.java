package io.liveguard.platform.risk;

import io.liveguard.platform.audit.AuditTrail;
import io.liveguard.platform.security.Actor;
import io.liveguard.platform.web.ApiException;
import io.liveguard.risk.CreditRules;
import io.liveguard.risk.CreditRules.CaseOutcome;
import io.liveguard.risk.Disposal;
import io.liveguard.risk.Subject;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Credit ratings from case outcomes ({@link CreditRules}), the blacklist, and the credit-sharing
 * export (docs/risk.md, format {@code liveguard-credit/1}).
 */
@Service
public class Credit {
  public static final String FORMAT = "liveguard-credit/1";
  private static final String DISPOSED = "('disposed', 'rectifying', 'rectified', 'closed')";

  private final JdbcClient jdbc;
  private final CreditRules rules;
  private final AuditTrail audit;
  private final InstantSource clock;

  Credit(JdbcClient jdbc, CreditRules rules, AuditTrail audit, InstantSource clock) {
    this.jdbc = jdbc;
    this.rules = rules;
    this.audit = audit;
    this.clock = clock;
  }

  /** One blacklist entry. */
  public record BlacklistEntry(
      long id,
      String subject,
      String subjectName,
      String reason,
      String sourceDecision,
      LocalDate startsOn,
      LocalDate endsOn,
      String createdBy,
      Instant createdAt,
      Instant liftedAt,
      String liftedBy,
      String liftReason,
      boolean active) {}

  /** A subject's rating with its deductions and blacklist entries. */
  public record Rating(
      String subject,
      String name,
      String uscc,
      String grade,
      String gradeZh,
      double score,
      List<CreditRules.Deduction> deductions,
      List<BlacklistEntry> blacklist) {}

  static Subject creditSubject(String kind, long id) {
    Subject s = RiskController.subject(kind, id);
    if (s.kind() == Subject.Kind.ROOM) {
      throw ApiException.badRequest("bad-parameter", "kind", kind);
    }
    return s;
  }

  @Transactional(readOnly = true)
  public Rating rating(Subject s) {
    Object[] who = identity(s);
    if (who == null) {
      throw ApiException.notFound(s.kind().id(), s.id());
    }
    Instant now = clock.instant();
    List<BlacklistEntry> bl = blacklist(s);
    boolean banned = bl.stream().anyMatch(BlacklistEntry::active);
    CreditRules.Rating r = rules.rate(outcomes(s), banned, now);
    return new Rating(
        s.key(),
        (String) who[0],
        (String) who[1],
        r.grade().name(),
        r.grade().zh(),
        r.score(),
        r.deductions(),
        bl);
  }

  /** Every enterprise or streamer with a case outcome or a blacklist entry, worst first. */
  @Transactional(readOnly = true)
  public List<Rating> ratings(Subject.Kind kind) {
    String sql =
        kind == Subject.Kind.ENTERPRISE
            ? "SELECT DISTINCT COALESCE(l.enterprise_id, r.enterprise_id) FROM lead l LEFT JOIN room"
                + " r ON r.id = l.room_id WHERE l.disposal IS NOT NULL AND l.status IN "
                + DISPOSED
                + " AND COALESCE(l.enterprise_id, r.enterprise_id) IS NOT NULL UNION SELECT"
                + " subject_id FROM blacklist_entry WHERE subject_kind = 'enterprise'"
            : "SELECT DISTINCT r.streamer_id FROM lead l JOIN room r ON r.id = l.room_id WHERE"
                + " l.disposal IS NOT NULL AND l.status IN "
                + DISPOSED
                + " AND r.streamer_id IS NOT NULL UNION SELECT subject_id FROM blacklist_entry"
                + " WHERE subject_kind = 'streamer'";
    List<Rating> out = new ArrayList<>();
    for (Long id : jdbc.sql(sql).query(Long.class).list()) {
      if (id != null) {
        out.add(rating(new Subject(kind, id)));
      }
    }
    out.sort(
        java.util.Comparator.comparingDouble(Rating::score)
            .thenComparing(Rating::grade, java.util.Comparator.reverseOrder()));
    return out;
  }

  private Object[] identity(Subject s) {
    String sql =
        s.kind() == Subject.Kind.ENTERPRISE
            ? "SELECT name, uscc FROM enterprise WHERE id = ?"
            : "SELECT name, CAST(NULL AS VARCHAR(18)) FROM streamer WHERE id = ?";
    return jdbc.sql(sql)
        .param(s.id())
        .query((rs, i) -> new Object[] {rs.getString(1), rs.getString(2)})
        .optional()
        .orElse(null);
  }

  List<CaseOutcome> outcomes(Subject s) {
    String where =
        s.kind() == Subject.Kind.ENTERPRISE
            ? "COALESCE(l.enterprise_id, r.enterprise_id) = ?"
            : "r.streamer_id = ?";
    return jdbc
        .sql(
            "SELECT l.id, l.disposal, l.status, l.updated_at, (SELECT MAX(a.at) FROM audit_entry a"
                + " WHERE a.target = 'lead:' || CAST(l.id AS VARCHAR(20)) AND a.action ="
                + " 'lead.dispose') AS disposed_at, (SELECT COUNT(*) FROM audit_entry a WHERE"
                + " a.target = 'lead:' || CAST(l.id AS VARCHAR(20)) AND a.action = 'lead.verify')"
                + " AS verified FROM lead l LEFT JOIN room r ON r.id = l.room_id WHERE "
                + where
                + " AND l.disposal IS NOT NULL AND l.status IN "
                + DISPOSED
                + " ORDER BY l.id")
        .param(s.id())
        .query(
            (rs, i) -> {
              Disposal o = Disposal.parse(rs.getString("disposal"));
              Instant at = Sql.instant(rs, "disposed_at");
              if (at == null) {
                at = Sql.instant(rs, "updated_at");
              }
              boolean rectified =
                  rs.getString("status").equals("rectified") || rs.getLong("verified") > 0;
              return o == null
                  ? null
                  : new CaseOutcome(o, "lead:" + rs.getLong("id"), at, rectified);
            })
        .list()
        .stream()
        .filter(java.util.Objects::nonNull)
        .toList();
  }

  @Transactional(readOnly = true)
  public List<BlacklistEntry> blacklist(Subject s) {
    return jdbc.sql(
            "SELECT * FROM blacklist_entry WHERE subject_kind = ? AND subject_id = ? ORDER BY id")
        .params(s.kind().id(), s.id())
        .query((rs, i) -> entry(rs))
        .list();
  }

  @Transactional(readOnly = true)
  public List<BlacklistEntry> blacklist() {
    return jdbc.sql("SELECT * FROM blacklist_entry ORDER BY id DESC LIMIT 1000")
        .query((rs, i) -> entry(rs))
        .list();
  }

  private BlacklistEntry entry(java.sql.ResultSet rs) throws java.sql.SQLException {
    LocalDate today = LocalDate.ofInstant(clock.instant(), Complaints.BJ);
    LocalDate starts = rs.getObject("starts_on", LocalDate.class);
    LocalDate ends = rs.getObject("ends_on", LocalDate.class);
    Instant lifted = Sql.instant(rs, "lifted_at");
    Subject s =
        new Subject(Subject.Kind.parse(rs.getString("subject_kind")), rs.getLong("subject_id"));
    Object[] who = identity(s);
    return new BlacklistEntry(
        rs.getLong("id"),
        s.key(),
        who == null ? null : (String) who[0],
        rs.getString("reason"),
        rs.getString("source_decision"),
        starts,
        ends,
        rs.getString("created_by"),
        Sql.instant(rs, "created_at"),
        lifted,
        rs.getString("lifted_by"),
        rs.getString("lift_reason"),
        lifted == null && !starts.isAfter(today) && (ends == null || !ends.isBefore(today)));
  }

  /** Puts a subject on the blacklist (audited). */
  @Transactional
  public BlacklistEntry add(
      Actor actor,
      Subject s,
      String reason,
      String sourceDecision,
      LocalDate startsOn,
      LocalDate endsOn) {
    Map<String, String> errors = new LinkedHashMap<>();
    if (reason == null || reason.isBlank() || reason.length() > 2000) {
      errors.put("reason", "required, at most 2000 characters");
    }
    if (sourceDecision == null || sourceDecision.isBlank() || sourceDecision.length() > 200) {
      errors.put("source_decision", "required (e.g. lead:42 or a decision number), at most 200");
    }
    if (startsOn == null) {
      errors.put("starts_on", "required (YYYY-MM-DD)");
    } else if (endsOn != null && endsOn.isBefore(startsOn)) {
      errors.put("ends_on", "before starts_on");
    }
    if (!errors.isEmpty()) {
      List<Map<String, String>> list = new ArrayList<>();
      errors.forEach((f, m) -> list.add(Map.of("field", f, "message", m)));
      throw new ApiException(
          org.springframework.http.HttpStatus.BAD_REQUEST,
          "invalid-body",
          Map.of("errors", list),
          errors.size());
    }
    if (identity(s) == null) {
      throw ApiException.notFound(s.kind().id(), s.id());
    }
    var k = new GeneratedKeyHolder();
    jdbc.sql(
            "INSERT INTO blacklist_entry (subject_kind, subject_id, reason, source_decision,"
                + " starts_on, ends_on, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            s.kind().id(),
            s.id(),
            reason.strip(),
            sourceDecision.strip(),
            startsOn,
            endsOn,
            actor.username(),
            Sql.ts(clock.instant()))
        .update(k, "id");
    long id = k.getKey().longValue();
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("subject", s.key());
    detail.put("reason", reason.strip());
    detail.put("source_decision", sourceDecision.strip());
    detail.put("starts_on", startsOn.toString());
    detail.put("ends_on", endsOn == null ? "" : endsOn.toString());
    audit.append(actor.username(), "blacklist.add", "blacklist:" + id, detail);
    return get(id);
  }

  BlacklistEntry get(long id) {
    return jdbc.sql("SELECT * FROM blacklist_entry WHERE id = ?")
        .param(id)
        .query((rs, i) -> entry(rs))
        .optional()
        .orElseThrow(() -> ApiException.notFound("blacklist", id));
  }

  /** Lifts an entry before its term ends (audited; a reason is required). */
  @Transactional
  public BlacklistEntry lift(Actor actor, long id, String reason) {
    BlacklistEntry e = get(id);
    if (e.liftedAt() != null) {
      throw ApiException.conflict("blacklist-lifted", id);
    }
    if (reason == null || reason.isBlank()) {
      throw ApiException.badRequest("reason-required", "lift");
    }
    jdbc.sql(
            "UPDATE blacklist_entry SET lifted_at = ?, lifted_by = ?, lift_reason = ? WHERE id = ?")
        .params(Sql.ts(clock.instant()), actor.username(), reason.strip(), id)
        .update();
    audit.append(
        actor.username(),
        "blacklist.lift",
        "blacklist:" + id,
        Map.of("subject", e.subject(), "reason", reason.strip()));
    return get(id);
  }

  /**
   * The credit-sharing export: one JSON object per rated subject (format {@value #FORMAT},
   * docs/risk.md).
   */
  @Transactional(readOnly = true)
  public List<Map<String, Object>> export() {
    String at = clock.instant().toString();
    List<Map<String, Object>> lines = new ArrayList<>();
    for (Subject.Kind kind : List.of(Subject.Kind.ENTERPRISE, Subject.Kind.STREAMER)) {
      for (Rating r : ratings(kind)) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("generated_at", at);
        m.put("subject_type", kind.id());
        m.put("subject_id", r.subject());
        m.put("name", r.name());
        if (r.uscc() != null) {
          m.put("uscc", r.uscc());
        }
        m.put("grade", r.grade());
        m.put("score", r.score());
        List<Map<String, Object>> ds = new ArrayList<>();
        for (CreditRules.Deduction d : r.deductions()) {
          ds.add(
              Map.of(
                  "outcome", d.outcome().id(),
                  "decision", d.decision(),
                  "at", d.at().toString(),
                  "points", d.points()));
        }
        m.put("outcomes", ds);
        List<Map<String, Object>> bl = new ArrayList<>();
        for (BlacklistEntry e : r.blacklist()) {
          Map<String, Object> b = new LinkedHashMap<>();
          b.put("reason", e.reason());
          b.put("source_decision", e.sourceDecision());
          b.put("starts_on", e.startsOn().toString());
          b.put("ends_on", e.endsOn() == null ? null : e.endsOn().toString());
          b.put("active", e.active());
          bl.add(b);
        }
        m.put("blacklist", bl);
        lines.add(m);
      }
    }
    return lines;
  }
}

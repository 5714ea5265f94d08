package io.liveguard.platform.risk;

import io.liveguard.platform.audit.AuditTrail;
import io.liveguard.platform.security.Actor;
import io.liveguard.platform.security.Role;
import io.liveguard.platform.web.ApiException;
import io.liveguard.risk.GreenCriteria;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The green live room programme (绿色直播间): application by the merchant, review by an officer (award
 * only when every criterion of {@link GreenCriteria} passes), a re-check of every awarded room each
 * {@code recheckInterval} (hourly sweep) that revokes with the failed criteria as reason, manual
 * revocation with a reason, and the public list. Every decision is audited.
 */
@Service
public class Green implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(Green.class);
  private static final String CONFIRMED =
      "('confirmed', 'assigned', 'rectifying', 'rectified', 'disposed', 'closed')";

  private final JdbcClient jdbc;
  private final GreenCriteria criteria;
  private final AuditTrail audit;
  private final InstantSource clock;
  private final JsonMapper json;
  private final TransactionTemplate tx;
  private ScheduledExecutorService executor;
  private final java.time.Duration sweep;

  Green(
      JdbcClient jdbc,
      GreenCriteria criteria,
      AuditTrail audit,
      InstantSource clock,
      JsonMapper json,
      TransactionTemplate tx,
      @org.springframework.beans.factory.annotation.Value("${liveguard.green.sweep:PT1H}")
          java.time.Duration sweep) {
    this.sweep = sweep;
    this.jdbc = jdbc;
    this.criteria = criteria;
    this.audit = audit;
    this.clock = clock;
    this.json = json;
    this.tx = tx;
  }

  public GreenCriteria criteria() {
    return criteria;
  }

  /** An application and where it stands. */
  public record Application(
      long id,
      long roomId,
      String platform,
      String room,
      String roomName,
      String status,
      String appliedBy,
      Instant appliedAt,
      List<GreenCriteria.Licence> licences,
      LocalDate trainingCompleted,
      int precheckedScripts,
      List<GreenCriteria.Check> checks,
      String reviewedBy,
      Instant reviewedAt,
      String reviewNote,
      Instant awardedAt,
      Instant nextCheckAt,
      Instant lastCheckedAt,
      Instant revokedAt,
      String revokeReason) {}

  /** A room on the public list. */
  public record GreenRoom(
      String platform, String room, String roomName, String enterprise, Instant awardedAt) {}

  /** Applies for a room; a merchant only for its own rooms. */
  @Transactional
  public Application apply(
      Actor actor,
      long roomId,
      List<GreenCriteria.Licence> licences,
      LocalDate trainingCompleted,
      int precheckedScripts) {
    Long owner =
        jdbc.sql("SELECT enterprise_id FROM room WHERE id = ?")
            .param(roomId)
            .query((rs, i) -> rs.getObject(1) == null ? -1L : rs.getLong(1))
            .optional()
            .orElseThrow(() -> ApiException.notFound("room", roomId));
    if (actor.role() == Role.MERCHANT && !owner.equals(actor.enterpriseId())) {
      throw ApiException.notFound("room", roomId);
    }
    if (precheckedScripts < 0 || precheckedScripts > 100_000) {
      throw ApiException.badRequest("bad-parameter", "prechecked_scripts", precheckedScripts);
    }
    if (licences.size() > 50) {
      throw ApiException.badRequest("bad-parameter", "licences", licences.size());
    }
    for (GreenCriteria.Licence l : licences) {
      if (l.type().isBlank()
          || l.type().length() > 64
          || l.number().isBlank()
          || l.number().length() > 64) {
        throw ApiException.badRequest("bad-parameter", "licences", l.type());
      }
    }
    long active =
        jdbc.sql(
                "SELECT COUNT(*) FROM green_application WHERE room_id = ? AND status IN"
                    + " ('applied', 'awarded')")
            .param(roomId)
            .query(Long.class)
            .single();
    if (active > 0) {
      throw ApiException.conflict("green-active", roomId);
    }
    Instant now = clock.instant();
    var checks =
        criteria.evaluate(facts(roomId, licences, trainingCompleted, precheckedScripts), now);
    var k = new GeneratedKeyHolder();
    jdbc.sql(
            "INSERT INTO green_application (room_id, status, applied_by, applied_at, licences,"
                + " training_completed, prechecked_scripts, checks) VALUES (?, 'applied', ?, ?, ?,"
                + " ?, ?, ?)")
        .params(
            roomId,
            actor.username(),
            Sql.ts(now),
            json.writeValueAsString(licences),
            trainingCompleted,
            precheckedScripts,
            json.writeValueAsString(checks))
        .update(k, "id");
    long id = k.getKey().longValue();
    audit.append(
        actor.username(), "green.apply", "green:" + id, Map.of("room", roomId, "checks", checks));
    return get(actor, id);
  }

  GreenCriteria.Facts facts(
      long roomId, List<GreenCriteria.Licence> licences, LocalDate trained, int prechecked) {
    Instant last =
        jdbc.sql(
                "SELECT MAX(last_seen) AS m FROM lead WHERE room_id = ? AND status IN " + CONFIRMED)
            .param(roomId)
            .query((rs, i) -> Sql.instant(rs, "m"))
            .list()
            .get(0);
    Set<String> categories =
        Set.copyOf(
            jdbc.sql(
                    "SELECT DISTINCT product_category FROM listing WHERE room_id = ? AND"
                        + " product_category IS NOT NULL")
                .param(roomId)
                .query(String.class)
                .list());
    return new GreenCriteria.Facts(last, prechecked, categories, licences, trained);
  }

  /** Awards or rejects an application (officer, leader, admin). */
  @Transactional
  public Application review(Actor actor, long id, String decision, String note) {
    Application a = get(actor, id);
    if (!a.status().equals("applied")) {
      throw ApiException.conflict("green-transition", a.status(), decision);
    }
    Instant now = clock.instant();
    var checks =
        criteria.evaluate(
            facts(a.roomId(), a.licences(), a.trainingCompleted(), a.precheckedScripts()), now);
    String to;
    if ("award".equals(decision)) {
      if (!GreenCriteria.passed(checks)) {
        throw new ApiException(
            HttpStatus.CONFLICT, "green-criteria-failed", Map.of("checks", checks), id);
      }
      to = "awarded";
    } else if ("reject".equals(decision)) {
      if (note == null || note.isBlank()) {
        throw ApiException.badRequest("reason-required", decision);
      }
      to = "rejected";
    } else {
      throw ApiException.badRequest("bad-parameter", "decision", decision);
    }
    jdbc.sql(
            "UPDATE green_application SET status = ?, checks = ?, reviewed_by = ?, reviewed_at ="
                + " ?, review_note = ?, awarded_at = ?, next_check_at = ?, last_checked_at = ?"
                + " WHERE id = ?")
        .params(
            to,
            json.writeValueAsString(checks),
            actor.username(),
            Sql.ts(now),
            note,
            to.equals("awarded") ? Sql.ts(now) : null,
            to.equals("awarded") ? Sql.ts(now.plus(criteria.recheckInterval())) : null,
            to.equals("awarded") ? Sql.ts(now) : null,
            id)
        .update();
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("room", a.roomId());
    detail.put("decision", decision);
    detail.put("checks", checks);
    if (note != null && !note.isBlank()) {
      detail.put("note", note);
    }
    audit.append(actor.username(), "green." + decision, "green:" + id, detail);
    return get(actor, id);
  }

  /** Revokes an award with a reason. */
  @Transactional
  public Application revoke(Actor actor, long id, String reason) {
    Application a = get(actor, id);
    if (reason == null || reason.isBlank() || reason.length() > 2000) {
      throw ApiException.badRequest("reason-required", "revoke");
    }
    revoke(actor.username(), a, reason.strip(), null);
    return get(actor, id);
  }

  private void revoke(String who, Application a, String reason, List<GreenCriteria.Check> checks) {
    if (!a.status().equals("awarded")) {
      throw ApiException.conflict("green-transition", a.status(), "revoke");
    }
    jdbc.sql(
            "UPDATE green_application SET status = 'revoked', revoked_at = ?, revoke_reason = ?,"
                + " next_check_at = NULL WHERE id = ? AND status = 'awarded'")
        .params(Sql.ts(clock.instant()), reason, a.id())
        .update();
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("room", a.roomId());
    detail.put("reason", reason);
    if (checks != null) {
      detail.put("checks", checks);
    }
    audit.append(who, "green.revoke", "green:" + a.id(), detail);
  }

  /**
   * Re-checks every awarded room whose check is due: passes move the next check on, failures revoke
   * the award with the failed criteria as reason. Returns the number revoked.
   */
  public int recheckDue() {
    Instant now = clock.instant();
    List<Long> due =
        jdbc.sql(
                "SELECT id FROM green_application WHERE status = 'awarded' AND next_check_at <= ?"
                    + " ORDER BY id")
            .param(Sql.ts(now))
            .query(Long.class)
            .list();
    int revoked = 0;
    for (long id : due) {
      Boolean r = tx.execute(st -> recheck(id, now));
      if (Boolean.TRUE.equals(r)) {
        revoked++;
      }
    }
    return revoked;
  }

  private boolean recheck(long id, Instant now) {
    // The row lock serializes a sweep with a manual re-check of the same award.
    String status =
        jdbc.sql("SELECT status FROM green_application WHERE id = ? FOR UPDATE")
            .param(id)
            .query(String.class)
            .single();
    if (!status.equals("awarded")) {
      return false;
    }
    Application a = load(id);
    var checks =
        criteria.evaluate(
            facts(a.roomId(), a.licences(), a.trainingCompleted(), a.precheckedScripts()), now);
    if (GreenCriteria.passed(checks)) {
      jdbc.sql(
              "UPDATE green_application SET checks = ?, last_checked_at = ?, next_check_at = ?"
                  + " WHERE id = ?")
          .params(
              json.writeValueAsString(checks),
              Sql.ts(now),
              Sql.ts(now.plus(criteria.recheckInterval())),
              id)
          .update();
      audit.append(
          "system", "green.recheck", "green:" + id, Map.of("room", a.roomId(), "passed", true));
      return false;
    }
    List<String> failed = new ArrayList<>();
    for (var c : checks) {
      if (!c.passed()) {
        failed.add(c.criterion() + ": " + c.detail());
      }
    }
    jdbc.sql("UPDATE green_application SET checks = ?, last_checked_at = ? WHERE id = ?")
        .params(json.writeValueAsString(checks), Sql.ts(now), id)
        .update();
    revoke("system", a, "re-check failed: " + String.join("; ", failed), checks);
    return true;
  }

  /** Applications the actor may see: a merchant its own rooms', staff their jurisdiction's. */
  @Transactional(readOnly = true)
  public List<Application> list(Actor actor, String status) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT g.*, r.platform, r.external_id, r.name AS room_name FROM green_application g"
                + " JOIN room r ON r.id = g.room_id LEFT JOIN jurisdiction j ON j.code ="
                + " r.jurisdiction_code WHERE 1 = 1");
    List<Object> p = new ArrayList<>();
    scope(actor, sql, p);
    if (status != null) {
      sql.append(" AND g.status = ?");
      p.add(status);
    }
    sql.append(" ORDER BY g.id DESC LIMIT 1000");
    return jdbc.sql(sql.toString()).params(p).query((rs, i) -> map(rs)).list();
  }

  private static void scope(Actor actor, StringBuilder sql, List<Object> p) {
    if (actor.role() == Role.MERCHANT) {
      sql.append(" AND r.enterprise_id = ?");
      p.add(actor.enterpriseId() == null ? -1L : actor.enterpriseId());
    } else if (actor.jurisdictionPath() != null) {
      sql.append(" AND j.path LIKE ?");
      p.add(actor.jurisdictionPath() + "%");
    }
  }

  @Transactional(readOnly = true)
  public Application get(Actor actor, long id) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT g.*, r.platform, r.external_id, r.name AS room_name FROM green_application g"
                + " JOIN room r ON r.id = g.room_id LEFT JOIN jurisdiction j ON j.code ="
                + " r.jurisdiction_code WHERE g.id = ?");
    List<Object> p = new ArrayList<>(List.of(id));
    scope(actor, sql, p);
    return jdbc.sql(sql.toString())
        .params(p)
        .query((rs, i) -> map(rs))
        .optional()
        .orElseThrow(() -> ApiException.notFound("green", id));
  }

  private Application load(long id) {
    return jdbc.sql(
            "SELECT g.*, r.platform, r.external_id, r.name AS room_name FROM green_application g"
                + " JOIN room r ON r.id = g.room_id WHERE g.id = ?")
        .param(id)
        .query((rs, i) -> map(rs))
        .single();
  }

  /** The awarded rooms, for the public page. */
  @Transactional(readOnly = true)
  public List<GreenRoom> awarded() {
    return jdbc.sql(
            "SELECT r.platform, r.external_id, r.name, e.name AS enterprise, g.awarded_at FROM"
                + " green_application g JOIN room r ON r.id = g.room_id LEFT JOIN enterprise e ON"
                + " e.id = r.enterprise_id WHERE g.status = 'awarded' ORDER BY g.awarded_at DESC,"
                + " g.id")
        .query(
            (rs, i) ->
                new GreenRoom(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    Sql.instant(rs, "awarded_at")))
        .list();
  }

  private Application map(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Application(
        rs.getLong("id"),
        rs.getLong("room_id"),
        rs.getString("platform"),
        rs.getString("external_id"),
        rs.getString("room_name"),
        rs.getString("status"),
        rs.getString("applied_by"),
        Sql.instant(rs, "applied_at"),
        json.readValue(
            rs.getString("licences"), new TypeReference<List<GreenCriteria.Licence>>() {}),
        rs.getObject("training_completed", LocalDate.class),
        rs.getInt("prechecked_scripts"),
        json.readValue(rs.getString("checks"), new TypeReference<List<GreenCriteria.Check>>() {}),
        rs.getString("reviewed_by"),
        Sql.instant(rs, "reviewed_at"),
        rs.getString("review_note"),
        Sql.instant(rs, "awarded_at"),
        Sql.instant(rs, "next_check_at"),
        Sql.instant(rs, "last_checked_at"),
        Sql.instant(rs, "revoked_at"),
        rs.getString("revoke_reason"));
  }

  @Override
  public void start() {
    if (sweep.isZero() || sweep.isNegative()) {
      // liveguard.green.sweep=0: no background re-check; recheckDue() is called explicitly.
      return;
    }
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "green-recheck");
              t.setDaemon(true);
              return t;
            });
    executor.scheduleWithFixedDelay(
        () -> {
          try {
            int n = recheckDue();
            if (n > 0) {
              log.info("green re-check revoked {} award(s)", n);
            }
          } catch (RuntimeException e) {
            log.warn("green re-check failed, retrying: {}", e.toString());
          }
        },
        sweep.toMillis(),
        sweep.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
  }

  @Override
  public boolean isRunning() {
    return executor != null;
  }
}

package io.liveguard.platform.lead;

import io.liveguard.detect.Detector;
import io.liveguard.platform.audit.AuditTrail;
import io.liveguard.platform.security.Actor;
import io.liveguard.platform.security.Role;
import io.liveguard.platform.web.ApiException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Leads: reading them within the user's jurisdiction, and moving them through the closed loop
 * ({@link LeadWorkflow}) with every action in the audit trail.
 */
@Service
public class Leads {
  private static final String COLUMNS =
      "l.id, l.platform, l.room, l.session, l.family, l.severity, l.status, l.jurisdiction_code,"
          + " l.jurisdiction_path, u.username AS assignee, l.assignee_id, l.finding_count,"
          + " l.first_seen, l.last_seen, l.created_at, l.disposal, l.transfer_to, l.due_date,"
          + " l.last_reason, l.severity_rank";
  private static final String FROM = " FROM lead l LEFT JOIN app_user u ON u.id = l.assignee_id";

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final AuditTrail audit;
  private final InstantSource clock;
  private final Duration reviewSla;

  Leads(
      JdbcClient jdbc,
      JsonMapper json,
      AuditTrail audit,
      InstantSource clock,
      @Value("${liveguard.review-sla:PT24H}") Duration reviewSla) {
    this.jdbc = jdbc;
    this.json = json;
    this.audit = audit;
    this.clock = clock;
    this.reviewSla = reviewSla;
  }

  /** A lead as the API shows it. */
  public record LeadView(
      long id,
      String platform,
      String room,
      String session,
      String family,
      String severity,
      String status,
      String jurisdiction,
      String assignee,
      int findingCount,
      String firstSeen,
      String lastSeen,
      String createdAt,
      String disposal,
      String transferTo,
      String due,
      String lastReason,
      boolean overdue,
      List<String> nextActions,
      List<Map<String, Object>> findings) {}

  /** Filters of the lead list; null means any. */
  public record Filter(String platform, String room, String session, String status) {}

  private record Row(LeadView view, String path, Long assigneeId) {}

  LocalDate today() {
    return clock.instant().atZone(Detector.CHINA).toLocalDate();
  }

  private Row map(ResultSet rs) throws SQLException {
    LeadStatus status = LeadStatus.parse(rs.getString("status"));
    LocalDate due = rs.getObject("due_date", LocalDate.class);
    OffsetDateTime created = rs.getObject("created_at", OffsetDateTime.class);
    long assignee = rs.getLong("assignee_id");
    Long assigneeId = rs.wasNull() ? null : assignee;
    boolean overdue =
        (status == LeadStatus.RECTIFYING && due != null && due.isBefore(today()))
            || ((status == LeadStatus.NEW || status == LeadStatus.IN_REVIEW)
                && created.toInstant().plus(reviewSla).isBefore(clock.instant()));
    LeadView v =
        new LeadView(
            rs.getLong("id"),
            rs.getString("platform"),
            rs.getString("room"),
            rs.getString("session"),
            rs.getString("family"),
            rs.getString("severity"),
            status.id(),
            rs.getString("jurisdiction_code"),
            rs.getString("assignee"),
            rs.getInt("finding_count"),
            instant(rs, "first_seen"),
            instant(rs, "last_seen"),
            created.toInstant().toString(),
            rs.getString("disposal"),
            rs.getString("transfer_to"),
            due == null ? null : due.toString(),
            rs.getString("last_reason"),
            overdue,
            List.copyOf(new java.util.TreeSet<>(LeadWorkflow.nextActions(status))),
            new ArrayList<>());
    return new Row(v, rs.getString("jurisdiction_path"), assigneeId);
  }

  private static String instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant().toString();
  }

  /** Where-clause and parameters limiting leads to what the actor may see. */
  private static void scope(Actor actor, StringBuilder sql, List<Object> params) {
    if (actor.role() == Role.MERCHANT) {
      sql.append(" AND 1 = 0");
    } else if (actor.jurisdictionPath() != null) {
      sql.append(" AND l.jurisdiction_path LIKE ?");
      params.add(actor.jurisdictionPath() + "%");
    }
  }

  @Transactional(readOnly = true)
  public List<LeadView> list(Actor actor, Filter f, int limit, int offset) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + FROM + " WHERE 1 = 1");
    List<Object> params = new ArrayList<>();
    scope(actor, sql, params);
    if (f.platform() != null) {
      sql.append(" AND l.platform = ?");
      params.add(f.platform());
    }
    if (f.room() != null) {
      sql.append(" AND l.room = ?");
      params.add(f.room());
    }
    if (f.session() != null) {
      sql.append(" AND l.session = ?");
      params.add(f.session());
    }
    if (f.status() != null) {
      sql.append(" AND l.status = ?");
      params.add(f.status());
    }
    sql.append(
        " ORDER BY l.severity_rank DESC, l.finding_count DESC, l.last_seen DESC, l.id LIMIT ? OFFSET ?");
    params.add(limit);
    params.add(offset);
    List<LeadView> leads =
        jdbc.sql(sql.toString()).params(params).query((rs, i) -> map(rs).view()).list();
    attachFindings(leads);
    return leads;
  }

  @Transactional(readOnly = true)
  public List<LeadView> overdue(Actor actor) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT "
                + COLUMNS
                + FROM
                + " WHERE ((l.status = 'rectifying' AND l.due_date < ?) OR (l.status IN ('new',"
                + " 'in_review') AND l.created_at < ?))");
    List<Object> params = new ArrayList<>();
    params.add(today());
    params.add(OffsetDateTime.ofInstant(clock.instant().minus(reviewSla), ZoneOffset.UTC));
    scope(actor, sql, params);
    sql.append(" ORDER BY l.due_date, l.created_at LIMIT 1000");
    List<LeadView> leads =
        jdbc.sql(sql.toString()).params(params).query((rs, i) -> map(rs).view()).list();
    attachFindings(leads);
    return leads;
  }

  private Optional<Row> row(Actor actor, long id) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + FROM + " WHERE l.id = ?");
    List<Object> params = new ArrayList<>();
    params.add(id);
    scope(actor, sql, params);
    return jdbc.sql(sql.toString()).params(params).query((rs, i) -> map(rs)).optional();
  }

  @Transactional(readOnly = true)
  public LeadView get(Actor actor, long id) {
    LeadView v = row(actor, id).orElseThrow(() -> ApiException.notFound("lead", id)).view();
    attachFindings(List.of(v));
    return v;
  }

  /** Whether the actor may see the lead (for evidence and audit reads). */
  public boolean visible(Actor actor, long id) {
    return row(actor, id).isPresent();
  }

  /**
   * The findings of each lead, deduplicated: one entry per rule and matched term with how often it
   * occurred, in the shape of {@code check}, plus the events and evidence it rests on.
   */
  private void attachFindings(List<LeadView> leads) {
    if (leads.isEmpty()) {
      return;
    }
    Map<Long, LeadView> byId = new LinkedHashMap<>();
    leads.forEach(l -> byId.put(l.id(), l));
    String in = String.join(",", java.util.Collections.nCopies(byId.size(), "?"));
    Map<String, Map<String, Object>> groups = new LinkedHashMap<>();
    jdbc.sql(
            "SELECT f.lead_id, f.rule, f.term, f.body, f.event_id, e.id, f.severity FROM finding f"
                + " LEFT JOIN evidence e ON e.finding_id = f.id WHERE f.lead_id IN ("
                + in
                + ") ORDER BY f.id")
        .params(new ArrayList<>(byId.keySet()))
        .query(
            (rs, i) -> {
              long lead = rs.getLong(1);
              String key = lead + "|" + rs.getString(2) + "|" + rs.getString(3);
              Map<String, Object> g = groups.get(key);
              if (g == null) {
                g = new LinkedHashMap<>();
                JsonNode body = json.readTree(rs.getString(4));
                for (var e : body.properties()) {
                  g.put(e.getKey(), e.getValue());
                }
                g.put("occurrences", 0);
                g.put("events", new ArrayList<String>());
                g.put("evidence", new ArrayList<Map<String, Object>>());
                groups.put(key, g);
                byId.get(lead).findings().add(g);
              }
              g.put("occurrences", (Integer) g.get("occurrences") + 1);
              @SuppressWarnings("unchecked")
              List<String> events = (List<String>) g.get("events");
              if (events.size() < 20) {
                events.add(rs.getString(5));
              }
              long ev = rs.getLong(6);
              if (!rs.wasNull()) {
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> evidence = (List<Map<String, Object>>) g.get("evidence");
                if (evidence.size() < 20) {
                  evidence.add(
                      Map.of(
                          "id",
                          ev,
                          "href",
                          "/api/v1/evidence/" + ev,
                          "package",
                          "/api/v1/evidence/" + ev + "/package"));
                }
              }
              return null;
            })
        .list();
    for (LeadView l : leads) {
      l.findings()
          .sort((a, b) -> Integer.compare(rank(b.get("severity")), rank(a.get("severity"))));
    }
  }

  private static int rank(Object severity) {
    String s = severity instanceof JsonNode n ? n.asString() : String.valueOf(severity);
    return switch (s) {
      case "serious" -> 3;
      case "warning" -> 2;
      default -> 1;
    };
  }

  /** Applies an action; refusals become problems (409 for an illegal transition). */
  @Transactional
  public LeadView act(Actor actor, long id, LeadAction action) {
    Row row = row(actor, id).orElseThrow(() -> ApiException.notFound("lead", id));
    LeadStatus from = LeadStatus.parse(row.view().status());
    LeadWorkflow.Officer officer = null;
    if (action instanceof LeadAction.Assign a) {
      officer =
          jdbc.sql(
                  "SELECT u.id, u.role, j.path, u.enabled FROM app_user u LEFT JOIN jurisdiction j"
                      + " ON j.code = u.jurisdiction_code WHERE u.id = ?")
              .param(a.officerId())
              .query(
                  (rs, i) ->
                      new LeadWorkflow.Officer(
                          rs.getLong(1),
                          Role.parse(rs.getString(2)),
                          rs.getString(3),
                          rs.getBoolean(4)))
              .optional()
              .orElse(null);
    }
    var state = new LeadWorkflow.State(from, row.path(), row.assigneeId());
    var result = LeadWorkflow.apply(state, action, actor, officer, today());
    if (result instanceof LeadWorkflow.Refused r) {
      HttpStatus status =
          switch (r.code()) {
            case "illegal-transition" -> HttpStatus.CONFLICT;
            case "action-forbidden", "not-the-assignee", "lead-not-visible" -> HttpStatus.FORBIDDEN;
            default -> HttpStatus.BAD_REQUEST;
          };
      throw new ApiException(status, r.code(), r.args());
    }
    var t = (LeadWorkflow.Transition) result;
    boolean terminal = t.to() == LeadStatus.DISMISSED || t.to() == LeadStatus.CLOSED;
    String reason = action.reason() == null ? null : action.reason().strip();
    int n =
        jdbc.sql(
                "UPDATE lead SET status = ?, assignee_id = COALESCE(?, assignee_id), disposal ="
                    + " COALESCE(?, disposal), due_date = COALESCE(?, due_date), transfer_to ="
                    + " COALESCE(?, transfer_to), last_reason = ?, updated_at = ?, open_key = CASE"
                    + " WHEN ? THEN NULL ELSE open_key END WHERE id = ? AND status = ?")
            .params(
                t.to().id(),
                t.assigneeId(),
                t.disposal() == null ? null : t.disposal().id(),
                t.due(),
                t.target() == null ? null : t.target().id(),
                reason,
                OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC),
                terminal,
                id,
                from.id())
            .update();
    if (n != 1) {
      throw ApiException.conflict("lead-changed", id);
    }
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("from", from.id());
    detail.put("to", t.to().id());
    if (reason != null && !reason.isEmpty()) {
      detail.put("reason", reason);
    }
    if (t.assigneeId() != null) {
      detail.put("officer", t.assigneeId());
    }
    if (t.disposal() != null) {
      detail.put("disposal", t.disposal().id());
    }
    if (t.due() != null) {
      detail.put("due", t.due().toString());
    }
    if (t.target() != null) {
      detail.put("transfer_to", t.target().id());
    }
    if (actor.tokenId() != null) {
      detail.put("via_token", actor.tokenId());
    }
    audit.append(actor.username(), "lead." + action.name(), "lead:" + id, detail);
    return get(actor, id);
  }

  /** Per rule: findings in confirmed leads and in dismissed leads, and the precision so far. */
  @Transactional(readOnly = true)
  public List<Map<String, Object>> ruleStats() {
    return jdbc.sql(
            "SELECT f.rule, SUM(CASE WHEN l.status = 'dismissed' THEN 1 ELSE 0 END) AS dismissed,"
                + " SUM(CASE WHEN l.status IN ('confirmed', 'assigned', 'rectifying', 'rectified',"
                + " 'disposed', 'closed') THEN 1 ELSE 0 END) AS confirmed, COUNT(*) AS findings"
                + " FROM finding f JOIN lead l ON l.id = f.lead_id GROUP BY f.rule ORDER BY f.rule")
        .query(
            (rs, i) -> {
              Map<String, Object> m = new LinkedHashMap<>();
              long d = rs.getLong("dismissed");
              long c = rs.getLong("confirmed");
              m.put("rule", rs.getString("rule"));
              m.put("findings", rs.getLong("findings"));
              m.put("confirmed", c);
              m.put("dismissed", d);
              m.put("precision", c + d == 0 ? null : (double) c / (c + d));
              return m;
            })
        .list();
  }
}

package io.liveguard.platform.subject;

import io.liveguard.detect.Detector;
import io.liveguard.platform.security.Actor;
import io.liveguard.platform.security.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Subject profiles (主体画像) of enterprises, streamers and rooms: accounts across platforms, rooms,
 * sessions watched, findings and leads over time, and the risk score when a {@link SubjectRisk}
 * exists. Leads and sessions are limited to the actor's jurisdiction; a subject outside it is not
 * found.
 */
@Service
public class SubjectProfiles {
  static final int MAX_ROWS = 50;
  private static final int CHINA_OFFSET_SECONDS = 8 * 3600;
  private final JdbcClient jdbc;
  private final ObjectProvider<SubjectRisk> risk;

  SubjectProfiles(JdbcClient jdbc, ObjectProvider<SubjectRisk> risk) {
    this.jdbc = jdbc;
    this.risk = risk;
  }

  /** The kinds of subject with a profile. */
  public enum Kind {
    ENTERPRISE,
    STREAMER,
    ROOM;

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Kind parse(String s) {
      for (Kind k : values()) {
        if (k.id().equals(s)) {
          return k;
        }
      }
      return null;
    }
  }

  public record Account(String platform, String account, String nickname, String streamer) {}

  public record RoomRow(
      long id,
      String platform,
      String room,
      String name,
      String jurisdiction,
      boolean registered) {}

  public record SessionRow(
      String platform, String room, String session, String startedAt, String endedAt) {}

  public record LeadRow(
      long id,
      String platform,
      String room,
      String session,
      String family,
      String severity,
      String status,
      int findings,
      String createdAt) {}

  public record MonthCount(String month, long findings, long leads) {}

  public record Fact(String key, String value) {}

  public record Listed(String kind, long id, String name, String detail) {}

  public record Profile(
      String kind,
      long id,
      String name,
      List<Fact> facts,
      List<Account> accounts,
      List<RoomRow> rooms,
      long sessionCount,
      List<SessionRow> sessions,
      long findingCount,
      long leadCount,
      long confirmedLeadCount,
      List<MonthCount> timeline,
      List<LeadRow> leads,
      boolean riskAvailable,
      SubjectRisk.Assessment risk) {}

  /** Whether a risk service is present (the profile then has a risk section). */
  public boolean riskAvailable() {
    return risk.getIfAvailable() != null;
  }

  private record Base(
      String name, List<Fact> facts, String roomCondition, Object param, String jurisdictionPath) {}

  @Transactional(readOnly = true)
  public Optional<Profile> profile(Actor actor, Kind kind, long id) {
    if (actor.role() == Role.MERCHANT) {
      return Optional.empty();
    }
    Optional<Base> base =
        switch (kind) {
          case ENTERPRISE -> enterprise(id);
          case STREAMER -> streamer(id);
          case ROOM -> room(id);
        };
    if (base.isEmpty()) {
      return Optional.empty();
    }
    Base b = base.get();
    // A subject with a jurisdiction is visible within it; streamers have none and are visible to
    // staff, with their rooms, sessions and leads limited to the actor's jurisdiction.
    if (kind != Kind.STREAMER
        && actor.jurisdictionPath() != null
        && !actor.sees(b.jurisdictionPath())) {
      return Optional.empty();
    }
    String roomScope = "";
    String leadScope = "";
    List<Object> scopeParams = new ArrayList<>();
    if (actor.jurisdictionPath() != null) {
      roomScope = " AND r.jurisdiction_code IN (SELECT code FROM jurisdiction WHERE path LIKE ?)";
      leadScope = " AND l.jurisdiction_path LIKE ?";
      scopeParams.add(actor.jurisdictionPath() + "%");
    }
    List<Object> p = new ArrayList<>();
    p.add(b.param());
    p.addAll(scopeParams);
    List<RoomRow> rooms =
        jdbc.sql(
                "SELECT r.id, r.platform, r.external_id, r.name, r.jurisdiction_code, r.registered"
                    + " FROM room r WHERE "
                    + b.roomCondition()
                    + roomScope
                    + " ORDER BY r.platform, r.external_id")
            .params(p)
            .query(
                (rs, i) ->
                    new RoomRow(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getBoolean(6)))
            .list();
    List<Account> accounts =
        jdbc.sql(
                "SELECT a.platform, a.account, a.nickname, s.name FROM streamer_account a JOIN"
                    + " streamer s ON s.id = a.streamer_id WHERE a.streamer_id IN ("
                    + (kind == Kind.STREAMER
                        ? "?"
                        : "SELECT r.streamer_id FROM room r WHERE " + b.roomCondition() + roomScope)
                    + ") ORDER BY a.platform, a.account")
            .params(kind == Kind.STREAMER ? List.of(b.param()) : p)
            .query(
                (rs, i) ->
                    new Account(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
            .list();
    String inRooms = " IN (SELECT r.id FROM room r WHERE " + b.roomCondition() + roomScope + ")";
    long sessionCount =
        jdbc.sql("SELECT COUNT(*) FROM live_session ls WHERE ls.room_id" + inRooms)
            .params(p)
            .query(Long.class)
            .single();
    List<SessionRow> sessions =
        jdbc.sql(
                "SELECT r.platform, r.external_id, ls.external_id, ls.started_at, ls.ended_at FROM"
                    + " live_session ls JOIN room r ON r.id = ls.room_id WHERE ls.room_id"
                    + inRooms
                    + " ORDER BY ls.started_at DESC, ls.id DESC LIMIT "
                    + MAX_ROWS)
            .params(p)
            .query(
                (rs, i) ->
                    new SessionRow(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        time(rs, 4),
                        time(rs, 5)))
            .list();
    List<Object> lp = new ArrayList<>(p);
    lp.addAll(scopeParams);
    String leadWhere = " WHERE l.room_id" + inRooms + leadScope;
    List<LeadRow> leads =
        jdbc.sql(
                "SELECT l.id, l.platform, l.room, l.session, l.family, l.severity, l.status,"
                    + " l.finding_count, l.created_at FROM lead l"
                    + leadWhere
                    + " ORDER BY l.created_at DESC, l.id DESC LIMIT "
                    + MAX_ROWS)
            .params(lp)
            .query(
                (rs, i) ->
                    new LeadRow(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getInt(8),
                        time(rs, 9)))
            .list();
    long[] totals = new long[2];
    jdbc.sql(
            "SELECT COUNT(*), SUM(CASE WHEN l.status IN ('confirmed', 'assigned', 'rectifying',"
                + " 'rectified', 'disposed', 'closed') THEN 1 ELSE 0 END) FROM lead l"
                + leadWhere)
        .params(lp)
        .query(
            (rs, i) -> {
              totals[0] = rs.getLong(1);
              totals[1] = rs.getLong(2);
              return null;
            })
        .list();
    Map<String, long[]> months = new TreeMap<>();
    jdbc.sql(
            "SELECT "
                + day("f.occurred_at")
                + ", COUNT(*) FROM finding f JOIN lead l ON l.id = f.lead_id"
                + leadWhere
                + " GROUP BY "
                + day("f.occurred_at"))
        .params(lp)
        .query(
            (rs, i) ->
                months.computeIfAbsent(month(rs.getLong(1)), k -> new long[2])[0] += rs.getLong(2))
        .list();
    jdbc.sql(
            "SELECT "
                + day("l.created_at")
                + ", COUNT(*) FROM lead l"
                + leadWhere
                + " GROUP BY "
                + day("l.created_at"))
        .params(lp)
        .query(
            (rs, i) ->
                months.computeIfAbsent(month(rs.getLong(1)), k -> new long[2])[1] += rs.getLong(2))
        .list();
    long findingCount = months.values().stream().mapToLong(m -> m[0]).sum();
    List<MonthCount> timeline = new ArrayList<>();
    months.forEach((m, n) -> timeline.add(new MonthCount(m, n[0], n[1])));
    SubjectRisk r = risk.getIfAvailable();
    SubjectRisk.Assessment assessment = r == null ? null : r.assess(kind.id(), id).orElse(null);
    return Optional.of(
        new Profile(
            kind.id(),
            id,
            b.name(),
            b.facts(),
            accounts,
            rooms,
            sessionCount,
            sessions,
            findingCount,
            totals[0],
            totals[1],
            timeline,
            leads,
            r != null,
            assessment));
  }

  private static String day(String column) {
    return "FLOOR((EXTRACT(EPOCH FROM " + column + ") + " + CHINA_OFFSET_SECONDS + ") / 86400)";
  }

  private static String month(long epochDay) {
    LocalDate d = LocalDate.ofEpochDay(epochDay);
    return String.format(java.util.Locale.ROOT, "%04d-%02d", d.getYear(), d.getMonthValue());
  }

  private static String time(ResultSet rs, int col) throws SQLException {
    OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
    return t == null
        ? null
        : java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .format(t.atZoneSameInstant(Detector.CHINA));
  }

  private Optional<Base> enterprise(long id) {
    return jdbc.sql(
            "SELECT e.name, e.uscc, e.jurisdiction_code, j.name, j.path, m.name FROM enterprise e"
                + " LEFT JOIN jurisdiction j ON j.code = e.jurisdiction_code LEFT JOIN mcn_agency m"
                + " ON m.enterprise_id = e.id WHERE e.id = ?")
        .param(id)
        .query(
            (rs, i) -> {
              List<Fact> facts = new ArrayList<>();
              facts.add(new Fact("subjects.fact.uscc", rs.getString(2)));
              facts.add(
                  new Fact("subjects.fact.jurisdiction", join(rs.getString(4), rs.getString(3))));
              if (rs.getString(6) != null) {
                facts.add(new Fact("subjects.fact.mcn", rs.getString(6)));
              }
              return new Base(rs.getString(1), facts, "r.enterprise_id = ?", id, rs.getString(5));
            })
        .optional();
  }

  private Optional<Base> streamer(long id) {
    return jdbc.sql(
            "SELECT s.name, m.name FROM streamer s LEFT JOIN mcn_agency m ON m.id = s.mcn_id WHERE"
                + " s.id = ?")
        .param(id)
        .query(
            (rs, i) -> {
              List<Fact> facts = new ArrayList<>();
              if (rs.getString(2) != null) {
                facts.add(new Fact("subjects.fact.mcn", rs.getString(2)));
              }
              return new Base(rs.getString(1), facts, "r.streamer_id = ?", id, null);
            })
        .optional();
  }

  private Optional<Base> room(long id) {
    return jdbc.sql(
            "SELECT r.name, r.platform, r.external_id, r.jurisdiction_code, j.name, j.path, e.name,"
                + " s.name, r.registered FROM room r LEFT JOIN jurisdiction j ON j.code ="
                + " r.jurisdiction_code LEFT JOIN enterprise e ON e.id = r.enterprise_id LEFT JOIN"
                + " streamer s ON s.id = r.streamer_id WHERE r.id = ?")
        .param(id)
        .query(
            (rs, i) -> {
              List<Fact> facts = new ArrayList<>();
              facts.add(new Fact("subjects.fact.platform", rs.getString(2)));
              facts.add(new Fact("subjects.fact.room", rs.getString(3)));
              facts.add(
                  new Fact("subjects.fact.jurisdiction", join(rs.getString(5), rs.getString(4))));
              facts.add(new Fact("subjects.fact.enterprise", rs.getString(7)));
              facts.add(new Fact("subjects.fact.streamer", rs.getString(8)));
              String name =
                  rs.getString(1) != null
                      ? rs.getString(1)
                      : rs.getString(2) + " " + rs.getString(3);
              return new Base(name, facts, "r.id = ?", id, rs.getString(6));
            })
        .optional();
  }

  private static String join(String name, String code) {
    if (code == null) {
      return null;
    }
    return name == null ? code : name + "（" + code + "）";
  }

  /** Subjects whose name (or room id, or USCC) contains {@code q}, up to 100 of each kind. */
  @Transactional(readOnly = true)
  public List<Listed> search(Actor actor, Kind kind, String q) {
    if (actor.role() == Role.MERCHANT) {
      return List.of();
    }
    String like =
        "%"
            + (q == null
                ? ""
                : q.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_"))
            + "%";
    String scope = "";
    List<Object> params = new ArrayList<>();
    return switch (kind) {
      case ENTERPRISE -> {
        if (actor.jurisdictionPath() != null) {
          scope = " AND e.jurisdiction_code IN (SELECT code FROM jurisdiction WHERE path LIKE ?)";
        }
        params.add(like);
        params.add(like);
        if (!scope.isEmpty()) {
          params.add(actor.jurisdictionPath() + "%");
        }
        yield jdbc.sql(
                "SELECT e.id, e.name, e.uscc FROM enterprise e WHERE (e.name LIKE ? ESCAPE '\\' OR"
                    + " e.uscc LIKE ? ESCAPE '\\')"
                    + scope
                    + " ORDER BY e.name, e.id LIMIT 100")
            .params(params)
            .query(
                (rs, i) ->
                    new Listed("enterprise", rs.getLong(1), rs.getString(2), rs.getString(3)))
            .list();
      }
      case STREAMER -> {
        params.add(like);
        params.add(like);
        yield jdbc.sql(
                "SELECT s.id, s.name, (SELECT COUNT(*) FROM streamer_account a WHERE a.streamer_id ="
                    + " s.id) FROM streamer s WHERE s.name LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1"
                    + " FROM streamer_account a WHERE a.streamer_id = s.id AND (a.account LIKE ?"
                    + " ESCAPE '\\')) ORDER BY s.name, s.id LIMIT 100")
            .params(params)
            .query(
                (rs, i) ->
                    new Listed(
                        "streamer", rs.getLong(1), rs.getString(2), Long.toString(rs.getLong(3))))
            .list();
      }
      case ROOM -> {
        if (actor.jurisdictionPath() != null) {
          scope = " AND r.jurisdiction_code IN (SELECT code FROM jurisdiction WHERE path LIKE ?)";
        }
        params.add(like);
        params.add(like);
        if (!scope.isEmpty()) {
          params.add(actor.jurisdictionPath() + "%");
        }
        yield jdbc.sql(
                "SELECT r.id, COALESCE(r.name, r.external_id), r.platform || ' ' || r.external_id"
                    + " FROM room r WHERE (r.name LIKE ? ESCAPE '\\' OR r.external_id LIKE ? ESCAPE"
                    + " '\\')"
                    + scope
                    + " ORDER BY r.platform, r.external_id LIMIT 100")
            .params(params)
            .query((rs, i) -> new Listed("room", rs.getLong(1), rs.getString(2), rs.getString(3)))
            .list();
      }
    };
  }
}

package io.liveguard.platform.dashboard;

import io.liveguard.detect.Detector;
import io.liveguard.platform.security.Actor;
import io.liveguard.platform.security.Role;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The dashboard's figures (驾驶舱), computed by SQL over the platform's tables for the actor's
 * jurisdiction and a range of China dates {@code [from, to]} (both inclusive).
 *
 * <p>Definitions: rooms under watch are registered rooms; sessions monitored are sessions that
 * started in the range ({@code live_session.started_at}); a session has a confirmed violation when
 * one of its leads was confirmed (confirmed, assigned, rectifying, rectified, disposed or closed);
 * findings count by their instant, leads by their creation; the time to close is from a lead's
 * creation to its closing, over leads closed in the range; days are China dates (UTC+8, no DST).
 */
@Service
public class DashboardStats {
  /** Lead states that mean a reviewer confirmed the violation. */
  static final String CONFIRMED =
      "('confirmed', 'assigned', 'rectifying', 'rectified', 'disposed', 'closed')";

  /** Longest range accepted, in days. */
  static final int MAX_DAYS = 366;

  private static final int CHINA_OFFSET_SECONDS = 8 * 3600;
  private final JdbcClient jdbc;

  DashboardStats(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The whole overview for a range. */
  public record Overview(
      String from,
      String to,
      String jurisdiction,
      long roomsWatched,
      long sessionsMonitored,
      long sessionsWithConfirmedViolation,
      Double violationRate,
      long findings,
      long leads,
      Map<String, Long> leadsByStatus,
      long closedLeads,
      Double averageHoursToClose,
      List<DayCount> trendByDay,
      List<DayCategoryCount> trendByDayAndCategory,
      List<CategoryCount> findingsByCategory,
      List<Subject> topSubjects,
      List<RulePrecision> rulePrecision) {}

  public record DayCount(String day, long findings, long leads) {}

  public record DayCategoryCount(String day, String category, long findings) {}

  public record CategoryCount(String category, long findings) {}

  /**
   * A room ranked by its leads in the range: score is the sum of severity ranks (notice 1, warning
   * 2, serious 3) of its leads that were not dismissed.
   */
  public record Subject(
      long roomId,
      String platform,
      String room,
      String name,
      Long enterpriseId,
      String enterprise,
      long leads,
      long confirmedLeads,
      long score) {}

  public record RulePrecision(
      String rule, long findings, long confirmed, long dismissed, Double precision) {}

  /** Scope of one query: the SQL condition and its parameter, or none. */
  private record Scope(String leadSql, String roomSql, Object param) {
    List<Object> with(Object... front) {
      List<Object> p = new ArrayList<>(List.of(front));
      if (param != null) {
        p.add(param);
      }
      return p;
    }
  }

  private static Scope scope(Actor actor) {
    if (actor.role() == Role.MERCHANT) {
      return new Scope(" AND 1 = 0", " AND 1 = 0", null);
    }
    if (actor.jurisdictionPath() == null) {
      return new Scope("", "", null);
    }
    return new Scope(
        " AND l.jurisdiction_path LIKE ?",
        " AND r.jurisdiction_code IN (SELECT code FROM jurisdiction WHERE path LIKE ?)",
        actor.jurisdictionPath() + "%");
  }

  private static OffsetDateTime start(LocalDate day) {
    return day.atStartOfDay(Detector.CHINA)
        .toOffsetDateTime()
        .withOffsetSameInstant(ZoneOffset.UTC);
  }

  /** The China date of a timestamp column, as an epoch day, in portable SQL (H2 and PostgreSQL). */
  private static String chinaDay(String column) {
    return "FLOOR((EXTRACT(EPOCH FROM " + column + ") + " + CHINA_OFFSET_SECONDS + ") / 86400)";
  }

  @Transactional(readOnly = true)
  public Overview overview(Actor actor, LocalDate from, LocalDate to) {
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("range ends " + to + " before it starts " + from);
    }
    Scope s = scope(actor);
    OffsetDateTime a = start(from);
    OffsetDateTime b = start(to.plusDays(1));

    long rooms =
        count("SELECT COUNT(*) FROM room r WHERE r.registered = TRUE" + s.roomSql(), s.with());
    long sessions =
        count(
            "SELECT COUNT(*) FROM live_session ls JOIN room r ON r.id = ls.room_id WHERE"
                + " ls.started_at >= ? AND ls.started_at < ?"
                + s.roomSql(),
            s.with(a, b));
    long violating =
        count(
            "SELECT COUNT(*) FROM live_session ls JOIN room r ON r.id = ls.room_id WHERE"
                + " ls.started_at >= ? AND ls.started_at < ?"
                + s.roomSql()
                + " AND EXISTS (SELECT 1 FROM lead v WHERE v.room_id = ls.room_id AND v.session ="
                + " ls.external_id AND v.status IN "
                + CONFIRMED
                + ")",
            s.with(a, b));
    long findings =
        count(
            "SELECT COUNT(*) FROM finding f JOIN lead l ON l.id = f.lead_id WHERE f.occurred_at >="
                + " ? AND f.occurred_at < ?"
                + s.leadSql(),
            s.with(a, b));
    Map<String, Long> byStatus = new TreeMap<>();
    jdbc.sql(
            "SELECT l.status, COUNT(*) FROM lead l WHERE l.created_at >= ? AND l.created_at < ?"
                + s.leadSql()
                + " GROUP BY l.status")
        .params(s.with(a, b))
        .query((rs, i) -> byStatus.put(rs.getString(1), rs.getLong(2)))
        .list();
    long leads = byStatus.values().stream().mapToLong(Long::longValue).sum();
    long[] closed = {0};
    Double[] avgHours = {null};
    jdbc.sql(
            "SELECT COUNT(*), AVG(EXTRACT(EPOCH FROM l.updated_at) - EXTRACT(EPOCH FROM"
                + " l.created_at)) FROM lead l WHERE l.status = 'closed' AND l.updated_at >= ? AND"
                + " l.updated_at < ?"
                + s.leadSql())
        .params(s.with(a, b))
        .query(
            (rs, i) -> {
              closed[0] = rs.getLong(1);
              double secs = rs.getDouble(2);
              avgHours[0] = rs.wasNull() ? null : secs / 3600.0;
              return null;
            })
        .list();

    Map<Long, long[]> days = new TreeMap<>();
    for (long d = from.toEpochDay(); d <= to.toEpochDay(); d++) {
      days.put(d, new long[2]);
    }
    List<DayCategoryCount> dayCategory = new ArrayList<>();
    Map<String, Long> byCategory = new LinkedHashMap<>();
    jdbc.sql(
            "SELECT "
                + chinaDay("f.occurred_at")
                + " AS d, f.category, COUNT(*) FROM finding f JOIN lead l ON l.id = f.lead_id WHERE"
                + " f.occurred_at >= ? AND f.occurred_at < ?"
                + s.leadSql()
                + " GROUP BY "
                + chinaDay("f.occurred_at")
                + ", f.category ORDER BY 1, 2")
        .params(s.with(a, b))
        .query(
            (rs, i) -> {
              long d = rs.getLong(1);
              String category = rs.getString(2);
              long n = rs.getLong(3);
              days.computeIfAbsent(d, k -> new long[2])[0] += n;
              dayCategory.add(
                  new DayCategoryCount(LocalDate.ofEpochDay(d).toString(), category, n));
              byCategory.merge(category, n, Long::sum);
              return null;
            })
        .list();
    jdbc.sql(
            "SELECT "
                + chinaDay("l.created_at")
                + ", COUNT(*) FROM lead l WHERE l.created_at >= ? AND l.created_at < ?"
                + s.leadSql()
                + " GROUP BY "
                + chinaDay("l.created_at"))
        .params(s.with(a, b))
        .query((rs, i) -> days.computeIfAbsent(rs.getLong(1), k -> new long[2])[1] += rs.getLong(2))
        .list();
    List<DayCount> trend = new ArrayList<>();
    days.forEach((d, n) -> trend.add(new DayCount(LocalDate.ofEpochDay(d).toString(), n[0], n[1])));
    List<CategoryCount> categories = new ArrayList<>();
    byCategory.entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> categories.add(new CategoryCount(e.getKey(), e.getValue())));

    List<Subject> top =
        jdbc.sql(
                "SELECT r.id, r.platform, r.external_id, r.name, e.id, e.name, COUNT(*) AS leads,"
                    + " SUM(CASE WHEN l.status IN "
                    + CONFIRMED
                    + " THEN 1 ELSE 0 END) AS confirmed, SUM(CASE WHEN l.status = 'dismissed' THEN"
                    + " 0 ELSE l.severity_rank END) AS score FROM lead l JOIN room r ON r.id ="
                    + " l.room_id LEFT JOIN enterprise e ON e.id = r.enterprise_id WHERE"
                    + " l.created_at >= ? AND l.created_at < ?"
                    + s.leadSql()
                    + " GROUP BY r.id, r.platform, r.external_id, r.name, e.id, e.name HAVING"
                    + " SUM(CASE WHEN l.status = 'dismissed' THEN 0 ELSE l.severity_rank END) > 0"
                    + " ORDER BY score DESC, confirmed DESC, r.id LIMIT 10")
            .params(s.with(a, b))
            .query(
                (rs, i) -> {
                  long ent = rs.getLong(5);
                  Long enterpriseId = rs.wasNull() ? null : ent;
                  return new Subject(
                      rs.getLong(1),
                      rs.getString(2),
                      rs.getString(3),
                      rs.getString(4),
                      enterpriseId,
                      rs.getString(6),
                      rs.getLong(7),
                      rs.getLong(8),
                      rs.getLong(9));
                })
            .list();

    List<RulePrecision> precision =
        jdbc.sql(
                "SELECT f.rule, COUNT(*), SUM(CASE WHEN l.status IN "
                    + CONFIRMED
                    + " THEN 1 ELSE 0 END), SUM(CASE WHEN l.status = 'dismissed' THEN 1 ELSE 0"
                    + " END) FROM finding f JOIN lead l ON l.id = f.lead_id WHERE f.occurred_at >="
                    + " ? AND f.occurred_at < ?"
                    + s.leadSql()
                    + " GROUP BY f.rule ORDER BY f.rule")
            .params(s.with(a, b))
            .query(
                (rs, i) -> {
                  long c = rs.getLong(3);
                  long d = rs.getLong(4);
                  return new RulePrecision(
                      rs.getString(1),
                      rs.getLong(2),
                      c,
                      d,
                      c + d == 0 ? null : (double) c / (c + d));
                })
            .list();

    return new Overview(
        from.toString(),
        to.toString(),
        actor.jurisdictionCode(),
        rooms,
        sessions,
        violating,
        sessions == 0 ? null : (double) violating / sessions,
        findings,
        leads,
        byStatus,
        closed[0],
        avgHours[0],
        trend,
        dayCategory,
        categories,
        top,
        precision);
  }

  private long count(String sql, List<Object> params) {
    return jdbc.sql(sql).params(params).query(Long.class).single();
  }
}

package io.liveguard.platform.risk;

import io.liveguard.risk.RiskEngine;
import io.liveguard.risk.RiskScore;
import io.liveguard.risk.Subject;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The read side of risk for the rest of the platform (console pages, dashboard, profiles): a
 * subject's explainable score, the riskiest subjects, and the monitoring priority warnings ask of
 * the capture scheduler. Scores are computed at the clock's instant from the stored accruals (they
 * decay without writes). Thread-safe; every method is a read-only transaction. Data scoping by role
 * is the caller's job (the controllers of this package do it).
 */
@Service
public class RiskService {
  private final RiskEngine engine;
  private final JdbcClient jdbc;
  private final InstantSource clock;

  RiskService(RiskEngine engine, JdbcClient jdbc, InstantSource clock) {
    this.engine = engine;
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** The subject's score now, with its reasons (a subject with no history scores 0). */
  @Transactional(readOnly = true)
  public RiskScore score(Subject subject) {
    return engine.score(subject, clock.instant());
  }

  /**
   * The {@code limit} highest scores of one kind of subject now, highest first. Candidates are the
   * subjects with a history of their own and, for streamers and enterprises, those linked to a room
   * with one.
   */
  @Transactional(readOnly = true)
  public List<RiskScore> ranking(Subject.Kind kind, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be ≥ 1: " + limit);
    }
    String sql =
        switch (kind) {
          case ROOM -> "SELECT subject_id FROM risk_state WHERE subject_kind = 'room'";
          case STREAMER ->
              "SELECT subject_id FROM risk_state WHERE subject_kind = 'streamer' UNION SELECT"
                  + " r.streamer_id FROM risk_state s JOIN room r ON r.id = s.subject_id WHERE"
                  + " s.subject_kind = 'room' AND r.streamer_id IS NOT NULL";
          case ENTERPRISE ->
              "SELECT subject_id FROM risk_state WHERE subject_kind = 'enterprise' UNION SELECT"
                  + " r.enterprise_id FROM risk_state s JOIN room r ON r.id = s.subject_id WHERE"
                  + " s.subject_kind = 'room' AND r.enterprise_id IS NOT NULL UNION SELECT"
                  + " m.enterprise_id FROM risk_state s JOIN room r ON r.id = s.subject_id JOIN"
                  + " streamer st ON st.id = r.streamer_id JOIN mcn_agency m ON m.id = st.mcn_id"
                  + " WHERE s.subject_kind = 'room'";
        };
    Instant now = clock.instant();
    List<RiskScore> all = new ArrayList<>();
    for (Long id : jdbc.sql(sql).query(Long.class).list()) {
      all.add(engine.score(new Subject(kind, id), now));
    }
    all.sort(
        Comparator.comparingDouble(RiskScore::raw).reversed().thenComparing(s -> s.subject().id()));
    return all.size() > limit ? List.copyOf(all.subList(0, limit)) : all;
  }

  /**
   * A room's monitoring priority now (1 routine … 5), as its warnings ask it of the capture
   * scheduler (see {@link RoomPriority}).
   */
  @Transactional(readOnly = true)
  public int priority(long roomId) {
    return jdbc.sql("SELECT MAX(priority) FROM warning_room WHERE room_id = ? AND hold_until > ?")
        .params(roomId, Sql.ts(clock.instant()))
        .query((rs, i) -> rs.getObject(1) == null ? 1 : rs.getInt(1))
        .list()
        .get(0);
  }

  /**
   * The rooms whose warnings raise their monitoring priority above routine now, highest first.
   *
   * @param roomId the registry id
   * @param platform the platform code and {@code room} its room id there, as the capture knows it
   * @param priority 2 (blue) … 5 (red); the media module's {@code MonitoringTask.priority} scale
   * @param until when the raise lapses unless a warning triggers again
   */
  public record RoomPriority(
      long roomId, String platform, String room, int priority, Instant until) {}

  @Transactional(readOnly = true)
  public List<RoomPriority> priorities() {
    return jdbc.sql(
            "SELECT w.room_id, r.platform, r.external_id, MAX(w.priority) AS p, MAX(w.hold_until)"
                + " AS u FROM warning_room w JOIN room r ON r.id = w.room_id WHERE w.hold_until > ?"
                + " GROUP BY w.room_id, r.platform, r.external_id ORDER BY p DESC, w.room_id")
        .param(Sql.ts(clock.instant()))
        .query(
            (rs, i) ->
                new RoomPriority(
                    rs.getLong(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getInt(4),
                    Sql.instant(rs, "u")))
        .list();
  }

  /** A view of a score for JSON: reasons with their weights. */
  public static Map<String, Object> view(RiskScore s) {
    List<Map<String, Object>> reasons = new ArrayList<>();
    for (RiskScore.Contribution c : s.contributions()) {
      reasons.add(
          Map.of(
              "reason", c.reason().id(),
              "weight", round(c.weight()),
              "amount", round(c.amount()),
              "count", c.count(),
              "points", round(c.points())));
    }
    return Map.of(
        "subject", s.subject().key(),
        "score", s.score(),
        "raw", round(s.raw()),
        "as_of", s.asOf().toString(),
        "reasons", reasons);
  }

  static double round(double d) {
    return Math.round(d * 1000) / 1000.0;
  }
}

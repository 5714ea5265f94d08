package io.liveguard.platform.risk;

import io.liveguard.risk.Reason;
import io.liveguard.risk.RiskStore;
import io.liveguard.risk.Subject;
import io.liveguard.risk.SubjectState;
import io.liveguard.risk.Tier;
import io.liveguard.risk.Warning;
import io.liveguard.risk.WarningRules;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The risk engine's state in the platform database; runs in the caller's transaction. */
final class JdbcRiskStore implements RiskStore {
  static final String[] V = {
    "v_notice", "v_warning", "v_serious", "v_leads", "v_repeats", "v_complaints", "v_specific"
  };
  static final String[] C = {
    "c_notice", "c_warning", "c_serious", "c_leads", "c_repeats", "c_complaints", "c_specific"
  };

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final WarningRules rules;

  JdbcRiskStore(JdbcClient jdbc, JsonMapper json, WarningRules rules) {
    this.jdbc = jdbc;
    this.json = json;
    this.rules = rules;
    if (V.length != Reason.ACCRUALS.length) {
      throw new IllegalStateException("risk_state columns do not match Reason.ACCRUALS");
    }
  }

  @Override
  public SubjectState state(Subject s) {
    return jdbc.sql("SELECT * FROM risk_state WHERE subject_kind = ? AND subject_id = ?")
        .params(s.kind().id(), s.id())
        .query((rs, n) -> map(rs))
        .optional()
        .orElse(null);
  }

  static SubjectState map(ResultSet rs) throws SQLException {
    double[] v = new double[V.length];
    long[] c = new long[C.length];
    for (int i = 0; i < V.length; i++) {
      v[i] = rs.getDouble(V[i]);
      c[i] = rs.getLong(C[i]);
    }
    return SubjectState.restore(Sql.instant(rs, "as_of"), v, c, rs.getLong("confirmed_leads"));
  }

  @Override
  public void put(Subject s, SubjectState state) {
    double[] v = state.values();
    long[] c = state.counts();
    Object[] p = new Object[2 + V.length + C.length + 2];
    int k = 0;
    p[k++] = Sql.ts(state.asOf());
    p[k++] = state.confirmedLeads();
    for (double d : v) {
      p[k++] = d;
    }
    for (long l : c) {
      p[k++] = l;
    }
    p[k++] = s.kind().id();
    p[k] = s.id();
    String set = String.join(" = ?, ", V) + " = ?, " + String.join(" = ?, ", C) + " = ?";
    int n =
        jdbc.sql(
                "UPDATE risk_state SET as_of = ?, confirmed_leads = ?, "
                    + set
                    + " WHERE subject_kind = ? AND subject_id = ?")
            .params(p)
            .update();
    if (n == 0) {
      jdbc.sql(
              "INSERT INTO risk_state (as_of, confirmed_leads, "
                  + String.join(", ", V)
                  + ", "
                  + String.join(", ", C)
                  + ", subject_kind, subject_id) VALUES (?"
                  + ", ?".repeat(p.length - 1)
                  + ")")
          .params(p)
          .update();
    }
  }

  @Override
  public int addDailyFindings(long room, LocalDate day, int n) {
    int u =
        jdbc.sql("UPDATE risk_daily SET findings = findings + ? WHERE room_id = ? AND on_day = ?")
            .params(n, room, day)
            .update();
    if (u == 0) {
      jdbc.sql("INSERT INTO risk_daily (room_id, on_day, findings) VALUES (?, ?, ?)")
          .params(room, day, n)
          .update();
    }
    return dailyFindings(room, day);
  }

  @Override
  public long dailyFindingsBetween(long room, LocalDate from, LocalDate to) {
    return jdbc.sql(
            "SELECT COALESCE(SUM(findings), 0) FROM risk_daily WHERE room_id = ? AND on_day >= ?"
                + " AND on_day <= ?")
        .params(room, from, to)
        .query(Long.class)
        .single();
  }

  @Override
  public int dailyFindings(long room, LocalDate day) {
    return jdbc.sql("SELECT findings FROM risk_daily WHERE room_id = ? AND on_day = ?")
        .params(room, day)
        .query(Integer.class)
        .optional()
        .orElse(0);
  }

  @Override
  public void sightCue(long mcn, String cue, long room, Instant at) {
    jdbc.sql("INSERT INTO risk_cue (mcn_id, cue, room_id, seen_at) VALUES (?, ?, ?, ?)")
        .params(mcn, cue, room, Sql.ts(at))
        .update();
  }

  @Override
  public Set<Long> roomsWithCue(long mcn, String cue, Instant since, Instant until) {
    return new HashSet<>(
        jdbc.sql(
                "SELECT DISTINCT room_id FROM risk_cue WHERE mcn_id = ? AND cue = ? AND seen_at >="
                    + " ? AND seen_at <= ?")
            .params(mcn, cue, Sql.ts(since), Sql.ts(until))
            .query(Long.class)
            .list());
  }

  @Override
  public Optional<Warning> latestWarning(String rule, Subject s) {
    return jdbc.sql(
            "SELECT * FROM warning WHERE rule = ? AND subject_kind = ? AND subject_id = ? ORDER BY"
                + " id DESC LIMIT 1")
        .params(rule, s.kind().id(), s.id())
        .query((rs, n) -> mapWarning(rs))
        .optional();
  }

  Warning mapWarning(ResultSet rs) throws SQLException {
    long id = rs.getLong("id");
    Set<Long> rooms =
        new HashSet<>(
            jdbc.sql("SELECT room_id FROM warning_room WHERE warning_id = ?")
                .param(id)
                .query(Long.class)
                .list());
    return new Warning(
        id,
        rs.getString("rule"),
        new Subject(Subject.Kind.parse(rs.getString("subject_kind")), rs.getLong("subject_id")),
        Tier.parse(rs.getString("tier")),
        facts(rs.getString("facts")),
        rooms,
        Sql.instant(rs, "raised_at"),
        Sql.instant(rs, "last_triggered_at"),
        Sql.instant(rs, "acknowledged_at"),
        rs.getString("acknowledged_by"));
  }

  Map<String, String> facts(String s) {
    return json.readValue(s, new TypeReference<LinkedHashMap<String, String>>() {});
  }

  @Override
  public Warning saveWarning(Warning w) {
    String facts = json.writeValueAsString(w.facts());
    long id = w.id();
    if (id == 0) {
      var k = new GeneratedKeyHolder();
      jdbc.sql(
              "INSERT INTO warning (rule, subject_kind, subject_id, tier, tier_rank, facts,"
                  + " raised_at, last_triggered_at, acknowledged_at, acknowledged_by,"
                  + " jurisdiction_path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
          .params(
              w.rule(),
              w.subject().kind().id(),
              w.subject().id(),
              w.tier().id(),
              w.tier().ordinal() + 1,
              facts,
              Sql.ts(w.raisedAt()),
              Sql.ts(w.lastTriggeredAt()),
              Sql.ts(w.acknowledgedAt()),
              w.acknowledgedBy(),
              jurisdictionPath(w.subject()))
          .update(k, "id");
      id = k.getKey().longValue();
    } else {
      jdbc.sql(
              "UPDATE warning SET tier = ?, tier_rank = ?, facts = ?, last_triggered_at = ?,"
                  + " acknowledged_at = ?, acknowledged_by = ? WHERE id = ?")
          .params(
              w.tier().id(),
              w.tier().ordinal() + 1,
              facts,
              Sql.ts(w.lastTriggeredAt()),
              Sql.ts(w.acknowledgedAt()),
              w.acknowledgedBy(),
              id)
          .update();
      jdbc.sql("DELETE FROM warning_room WHERE warning_id = ?").param(id).update();
    }
    Instant hold = w.lastTriggeredAt().plus(rules.priorityHold());
    for (long room : w.rooms()) {
      jdbc.sql(
              "INSERT INTO warning_room (warning_id, room_id, priority, hold_until) VALUES (?, ?,"
                  + " ?, ?)")
          .params(id, room, w.tier().priority(), Sql.ts(hold))
          .update();
    }
    return w.withId(id);
  }

  private String jurisdictionPath(Subject s) {
    String sql =
        switch (s.kind()) {
          case ROOM ->
              "SELECT j.path FROM room r JOIN jurisdiction j ON j.code = r.jurisdiction_code WHERE"
                  + " r.id = ?";
          case ENTERPRISE ->
              "SELECT j.path FROM enterprise e JOIN jurisdiction j ON j.code ="
                  + " e.jurisdiction_code WHERE e.id = ?";
          case STREAMER -> null;
        };
    if (sql == null) {
      return null;
    }
    List<String> l = jdbc.sql(sql).param(s.id()).query(String.class).list();
    return l.isEmpty() ? null : l.get(0);
  }

  @Override
  public boolean blacklisted(Subject s, Instant at) {
    LocalDate day = LocalDate.ofInstant(at, rules.zone());
    return jdbc.sql(
                "SELECT COUNT(*) FROM blacklist_entry WHERE subject_kind = ? AND subject_id = ? AND"
                    + " lifted_at IS NULL AND starts_on <= ? AND (ends_on IS NULL OR ends_on >= ?)")
            .params(s.kind().id(), s.id(), day, day)
            .query(Long.class)
            .single()
        > 0;
  }
}

package io.liveguard.platform.lead;

import io.liveguard.detect.FindingJson;
import io.liveguard.detect.Severity;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Groups findings into leads in the database. Called by one analysis thread at a time. */
@Component
class JdbcLeadIntake implements LeadIntake {
  private final JdbcClient jdbc;
  private final InstantSource clock;
  private final EvidenceRecorder evidence;

  JdbcLeadIntake(JdbcClient jdbc, InstantSource clock, EvidenceRecorder evidence) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.evidence = evidence;
  }

  static int rank(Severity s) {
    return s.ordinal() + 1;
  }

  static String openKey(String platform, String room, String session, String family) {
    return platform + "|" + room + "|" + session + "|" + family;
  }

  @Override
  @Transactional
  public void accept(List<RaisedFinding> findings) {
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    for (RaisedFinding r : findings) {
      var f = r.finding();
      String key = openKey(r.platform(), r.room(), r.session(), f.category());
      OffsetDateTime at = OffsetDateTime.ofInstant(r.at(), ZoneOffset.UTC);
      long lead =
          jdbc.sql("SELECT id FROM lead WHERE open_key = ?")
              .param(key)
              .query(Long.class)
              .optional()
              .orElseGet(() -> open(r, key, at, now));
      String json = FindingJson.toJson(f);
      var k = new GeneratedKeyHolder();
      int n =
          jdbc.sql(
                  "INSERT INTO finding (lead_id, event_seq, event_id, rule, category, severity,"
                      + " channel, span_begin, span_end, term, body, occurred_at) VALUES (?, ?, ?,"
                      + " ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
              .params(
                  lead,
                  r.eventSeq(),
                  r.eventId(),
                  f.rule(),
                  f.category(),
                  f.severity().name().toLowerCase(java.util.Locale.ROOT),
                  f.channel().name().toLowerCase(java.util.Locale.ROOT),
                  f.begin(),
                  f.end(),
                  f.term(),
                  json,
                  at)
              .update(k, "id");
      if (n == 0) {
        continue;
      }
      long findingId = k.getKey().longValue();
      jdbc.sql(
              "UPDATE lead SET finding_count = finding_count + 1, last_seen = CASE WHEN last_seen <"
                  + " ? THEN ? ELSE last_seen END, severity = CASE WHEN severity_rank < ? THEN ?"
                  + " ELSE severity END, severity_rank = CASE WHEN severity_rank < ? THEN ? ELSE"
                  + " severity_rank END, updated_at = ? WHERE id = ?")
          .params(
              at,
              at,
              rank(f.severity()),
              f.severity().name().toLowerCase(java.util.Locale.ROOT),
              rank(f.severity()),
              rank(f.severity()),
              now,
              lead)
          .update();
      evidence.record(findingId, lead, r, json);
    }
  }

  private long open(RaisedFinding r, String key, OffsetDateTime at, OffsetDateTime now) {
    Optional<Object[]> room =
        jdbc.sql(
                "SELECT r.id, r.jurisdiction_code, j.path, r.enterprise_id FROM room r LEFT JOIN"
                    + " jurisdiction j ON j.code = r.jurisdiction_code WHERE r.platform = ? AND"
                    + " r.external_id = ?")
            .params(r.platform(), r.room())
            .query(
                (rs, i) ->
                    new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getObject(4)})
            .optional();
    Object[] info = room.orElseGet(() -> registerRoom(r));
    var f = r.finding();
    var k = new GeneratedKeyHolder();
    jdbc.sql(
            "INSERT INTO lead (platform, room, session, room_id, family, open_key, severity,"
                + " severity_rank, status, jurisdiction_code, jurisdiction_path, enterprise_id,"
                + " finding_count, first_seen, last_seen, created_at, updated_at) VALUES (?, ?, ?,"
                + " ?, ?, ?, ?, ?, 'new', ?, ?, ?, 0, ?, ?, ?, ?)")
        .params(
            r.platform(),
            r.room(),
            r.session(),
            info[0],
            f.category(),
            key,
            f.severity().name().toLowerCase(java.util.Locale.ROOT),
            rank(f.severity()),
            info[1],
            info[2],
            info[3] == null ? null : ((Number) info[3]).longValue(),
            at,
            at,
            now,
            now)
        .update(k, "id");
    return k.getKey().longValue();
  }

  /** A room first seen through its events: known by id only, no jurisdiction until registered. */
  private Object[] registerRoom(RaisedFinding r) {
    var k = new GeneratedKeyHolder();
    jdbc.sql("INSERT INTO room (platform, external_id, registered) VALUES (?, ?, FALSE)")
        .params(r.platform(), r.room())
        .update(k, "id");
    return new Object[] {k.getKey().longValue(), null, null, null};
  }
}

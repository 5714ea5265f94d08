package io.liveguard.platform.wall;

import io.liveguard.platform.security.Actor;
import io.liveguard.platform.security.Role;
import io.liveguard.platform.web.Highlight;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the monitoring wall shows: the rooms under watch (the registry's rooms) within the user's
 * jurisdiction, each with its session status, current listing and price, the latest transcript and
 * screen-text lines with matched spans marked, its open leads and latest findings.
 */
@Service
class Wall {
  /** The most rooms one wall shows; the filters narrow a larger watch list. */
  static final int MAX_ROOMS = 60;

  static final int LINES = 20;
  static final int FINDINGS = 5;

  private final JdbcClient jdbc;
  private final JsonMapper json;

  Wall(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** The wall's filters; null or blank means any. */
  record Filter(String platform, String jurisdiction, String category, String risk) {
    Filter {
      platform = blankToNull(platform);
      jurisdiction = blankToNull(jurisdiction);
      category = blankToNull(category);
      risk = blankToNull(risk);
    }

    static String blankToNull(String s) {
      return s == null || s.isBlank() ? null : s.strip();
    }
  }

  /** A line of transcript or screen text, split into marked and unmarked segments. */
  record Line(
      String eventId, String type, String at, String text, List<Highlight.Segment> segments) {}

  /** A finding as a tile lists it. */
  record TileFinding(long lead, String rule, String severity, String matched, String at) {}

  /** One room on the wall. */
  record Tile(
      String key,
      String platform,
      String room,
      String name,
      String jurisdiction,
      String jurisdictionName,
      String status,
      String session,
      String listingTitle,
      String price,
      String productCategory,
      String risk,
      int openLeads,
      List<Line> lines,
      List<TileFinding> findings) {}

  static int riskRank(String severity) {
    if (severity == null) {
      return 0;
    }
    return switch (severity) {
      case "serious" -> 3;
      case "warning" -> 2;
      case "notice" -> 1;
      default -> 0;
    };
  }

  /** The jurisdictions the user may pick: their own and everything under it. */
  List<Map<String, String>> jurisdictions(Actor actor) {
    String prefix = actor.jurisdictionPath() == null ? "/" : actor.jurisdictionPath();
    return jdbc.sql("SELECT code, name FROM jurisdiction WHERE path LIKE ? ORDER BY path")
        .param(prefix + "%")
        .query(
            (rs, i) -> {
              Map<String, String> m = new LinkedHashMap<>();
              m.put("code", rs.getString(1));
              m.put("name", rs.getString(2));
              return m;
            })
        .list();
  }

  List<Map<String, String>> platforms() {
    return jdbc.sql("SELECT code, name FROM platform ORDER BY code")
        .query(
            (rs, i) -> {
              Map<String, String> m = new LinkedHashMap<>();
              m.put("code", rs.getString(1));
              m.put("name", rs.getString(2));
              return m;
            })
        .list();
  }

  /** The highest event seq and finding id now: where the live feed starts for this page. */
  long[] marks() {
    long seq = jdbc.sql("SELECT COALESCE(MAX(seq), 0) FROM event").query(Long.class).single();
    long finding = jdbc.sql("SELECT COALESCE(MAX(id), 0) FROM finding").query(Long.class).single();
    return new long[] {seq, finding};
  }

  @Transactional(readOnly = true)
  List<Tile> tiles(Actor actor, Filter f) {
    if (actor.role() == Role.MERCHANT) {
      return List.of();
    }
    StringBuilder sql =
        new StringBuilder(
            "SELECT r.platform, r.external_id, r.name, r.jurisdiction_code, j.name AS jname,"
                + " j.path FROM room r LEFT JOIN jurisdiction j ON j.code = r.jurisdiction_code"
                + " WHERE 1 = 1");
    List<Object> params = new ArrayList<>();
    if (actor.jurisdictionPath() != null) {
      sql.append(" AND j.path LIKE ?");
      params.add(actor.jurisdictionPath() + "%");
    }
    if (f.platform() != null) {
      sql.append(" AND r.platform = ?");
      params.add(f.platform());
    }
    if (f.jurisdiction() != null) {
      sql.append(" AND j.path LIKE (SELECT path FROM jurisdiction WHERE code = ?) || '%'");
      params.add(f.jurisdiction());
    }
    sql.append(" ORDER BY r.id");
    record RoomRow(String platform, String room, String name, String code, String jname) {}
    List<RoomRow> rooms =
        jdbc.sql(sql.toString())
            .params(params)
            .query(
                (rs, i) ->
                    new RoomRow(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5)))
            .list();
    int minRisk = f.risk() == null ? -1 : riskRank(f.risk());
    List<Tile> tiles = new ArrayList<>();
    for (RoomRow r : rooms) {
      Object[] risk = risk(r.platform(), r.room());
      String riskSeverity = (String) risk[0];
      if (minRisk >= 0
          && (f.risk().equals("none")
              ? riskRank(riskSeverity) != 0
              : riskRank(riskSeverity) < minRisk)) {
        continue;
      }
      JsonNode listing = latest(r.platform(), r.room(), "listing");
      String category = listing == null ? null : text(listing, "category");
      if (f.category() != null && !f.category().equals(category)) {
        continue;
      }
      JsonNode price = latest(r.platform(), r.room(), "price");
      String[] status = status(r.platform(), r.room());
      List<TileFinding> findings = findings(r.platform(), r.room());
      tiles.add(
          new Tile(
              r.platform() + "|" + r.room(),
              r.platform(),
              r.room(),
              r.name(),
              r.code(),
              r.jname(),
              status[0],
              status[1],
              listing == null ? null : text(listing, "title"),
              price != null
                  ? text(price, "price")
                  : listing == null ? null : text(listing, "price"),
              category,
              riskSeverity == null ? "none" : riskSeverity,
              (Integer) risk[1],
              lines(r.platform(), r.room()),
              findings));
    }
    // Riskiest rooms first, then live before ended, then registry order.
    tiles.sort(
        (a, b) -> {
          int c = Integer.compare(riskRank(b.risk()), riskRank(a.risk()));
          if (c != 0) {
            return c;
          }
          return Boolean.compare(b.status().equals("live"), a.status().equals("live"));
        });
    return tiles.size() > MAX_ROOMS ? tiles.subList(0, MAX_ROOMS) : tiles;
  }

  private Object[] risk(String platform, String room) {
    return jdbc.sql(
            "SELECT MAX(severity_rank), COUNT(*) FROM lead WHERE platform = ? AND room = ? AND"
                + " status NOT IN ('dismissed', 'closed')")
        .params(platform, room)
        .query(
            (rs, i) -> {
              int rank = rs.getInt(1);
              String s =
                  rs.wasNull()
                      ? null
                      : switch (rank) {
                        case 3 -> "serious";
                        case 2 -> "warning";
                        default -> "notice";
                      };
              return new Object[] {s, rs.getInt(2)};
            })
        .single();
  }

  private JsonNode latest(String platform, String room, String type) {
    return jdbc.sql(
            "SELECT body FROM event WHERE platform = ? AND room = ? AND event_type = ? ORDER BY"
                + " seq DESC LIMIT 1")
        .params(platform, room, type)
        .query(String.class)
        .optional()
        .map(json::readTree)
        .orElse(null);
  }

  /**
   * "live", "ended" or "idle", and the session. A session started and then closed for silence
   * ({@code SessionReaper}: no event for the silence timeout, no session_ended) is "ended".
   */
  private String[] status(String platform, String room) {
    String[] s =
        jdbc.sql(
                "SELECT event_type, session FROM event WHERE platform = ? AND room = ? AND"
                    + " event_type IN ('session_started', 'session_ended') ORDER BY seq DESC"
                    + " LIMIT 1")
            .params(platform, room)
            .query(
                (rs, i) ->
                    new String[] {
                      rs.getString(1).equals("session_started") ? "live" : "ended", rs.getString(2)
                    })
            .optional()
            .orElse(new String[] {"idle", null});
    if (s[0].equals("live")
        && jdbc.sql(
                    "SELECT COUNT(*) FROM live_session ls JOIN room r ON r.id = ls.room_id WHERE"
                        + " r.platform = ? AND r.external_id = ? AND ls.external_id = ? AND"
                        + " ls.end_reason = 'silent'")
                .params(platform, room, s[1])
                .query(Long.class)
                .single()
            > 0) {
      s[0] = "ended";
    }
    return s;
  }

  private List<Line> lines(String platform, String room) {
    record Raw(String id, String type, OffsetDateTime at, String text) {}
    List<Raw> raw =
        jdbc.sql(
                "SELECT event_id, event_type, occurred_at, body FROM event WHERE platform = ? AND"
                    + " room = ? AND event_type IN ('transcript', 'screen_text') ORDER BY seq DESC"
                    + " LIMIT ?")
            .params(platform, room, LINES)
            .query(
                (rs, i) ->
                    new Raw(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getObject(3, OffsetDateTime.class),
                        text(json.readTree(rs.getString(4)), "text")))
            .list();
    if (raw.isEmpty()) {
      return List.of();
    }
    Map<String, List<Highlight.Span>> spans = new HashMap<>();
    String in = String.join(",", java.util.Collections.nCopies(raw.size(), "?"));
    List<Object> ids = new ArrayList<>();
    raw.forEach(r -> ids.add(r.id()));
    jdbc.sql("SELECT event_id, span_begin, span_end FROM finding WHERE event_id IN (" + in + ")")
        .params(ids)
        .query(
            (rs, i) ->
                spans
                    .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                    .add(new Highlight.Span(rs.getInt(2), rs.getInt(3))))
        .list();
    List<Line> lines = new ArrayList<>();
    for (int i = raw.size() - 1; i >= 0; i--) {
      Raw r = raw.get(i);
      lines.add(
          new Line(
              r.id(),
              r.type(),
              r.at().toInstant().toString(),
              r.text(),
              Highlight.of(r.text(), spans.getOrDefault(r.id(), List.of()))));
    }
    return lines;
  }

  private List<TileFinding> findings(String platform, String room) {
    return jdbc.sql(
            "SELECT f.lead_id, f.rule, f.severity, f.body, f.occurred_at FROM finding f JOIN lead"
                + " l ON l.id = f.lead_id WHERE l.platform = ? AND l.room = ? ORDER BY f.id DESC"
                + " LIMIT ?")
        .params(platform, room, FINDINGS)
        .query(
            (rs, i) ->
                new TileFinding(
                    rs.getLong(1),
                    rs.getString(2),
                    rs.getString(3),
                    text(json.readTree(rs.getString(4)), "matched"),
                    rs.getObject(5, OffsetDateTime.class).toInstant().toString()))
        .list();
  }

  static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asString();
  }
}

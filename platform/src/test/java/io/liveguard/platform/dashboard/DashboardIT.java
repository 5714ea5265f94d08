package io.liveguard.platform.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.liveguard.platform.Http;
import io.liveguard.platform.PlatformIT;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard's figures against a fixture whose expected values are computed by hand (below, next
 * to the rows), in a jurisdiction of their own (乌鲁木齐, 6501xx) so that other tests' data is out of
 * scope. Times are China time; some sit just after midnight to check the China-date grouping.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardIT extends PlatformIT {
  @Autowired JdbcClient jdbc;
  Http city;
  Http district;
  int eventNo;

  @BeforeAll
  void fixture() {
    var j =
        admin()
            .send(
                "POST",
                "/api/v1/registry/jurisdictions/import",
                "text/csv",
                "code,name,tier,parent\n650000,新疆维吾尔自治区,province,\n650100,乌鲁木齐市,city,650000\n"
                    + "650102,天山区,district,650100\n650103,沙依巴克区,district,650100\n",
                Map.of());
    assertThat(j.status()).as(j.toString()).isEqualTo(200);
    long r1 = room("dash-r1", "锦江好物<script>alert(1)</script>", "650102", true);
    long r2 = room("dash-r2", "青羊直播间", "650103", true);
    long r3 = room("dash-r3", null, "650102", false);
    session(r1, "S1", "2026-10-01T10:00:00+08:00");
    session(r1, "S2", "2026-10-02T23:30:00+08:00");
    session(r2, "S3", "2026-10-03T00:30:00+08:00"); // 2026-10-02T16:30Z: China date 10-03
    session(r2, "S4", "2026-09-30T23:00:00+08:00"); // before the range
    session(r3, "S5", "2026-10-01T12:00:00+08:00");
    String jj = "/650000/650100/650102/";
    String qy = "/650000/650100/650103/";
    long l1 =
        lead(
            r1,
            "dash-r1",
            "S1",
            "absolute",
            2,
            "confirmed",
            jj,
            "2026-10-01T10:05:00+08:00",
            "2026-10-01T12:05:00+08:00");
    long l2 =
        lead(
            r1,
            "dash-r1",
            "S1",
            "price",
            1,
            "dismissed",
            jj,
            "2026-10-01T10:06:00+08:00",
            "2026-10-01T11:00:00+08:00");
    long l3 =
        lead(
            r1,
            "dash-r1",
            "S2",
            "medical",
            3,
            "closed",
            jj,
            "2026-10-02T23:40:00+08:00",
            "2026-10-03T05:40:00+08:00"); // 6 h
    long l4 =
        lead(
            r2,
            "dash-r2",
            "S3",
            "absolute",
            2,
            "dismissed",
            qy,
            "2026-10-03T00:40:00+08:00",
            "2026-10-03T02:00:00+08:00");
    long l5 =
        lead(
            r2,
            "dash-r2",
            "S4",
            "absolute",
            2,
            "closed",
            qy,
            "2026-09-30T23:10:00+08:00",
            "2026-10-01T01:10:00+08:00"); // 2 h
    lead(
        r2,
        "dash-r2",
        "S3",
        "absolute",
        1,
        "new",
        qy,
        "2026-10-03T01:00:00+08:00",
        "2026-10-03T01:00:00+08:00");
    finding(l1, "ABS-PRICE", "absolute", "2026-10-01T10:04:00+08:00");
    finding(l1, "ABS-FIRST", "absolute", "2026-10-01T10:04:30+08:00");
    finding(l2, "PRICE-X", "price", "2026-10-01T10:05:00+08:00");
    finding(l3, "MED-1", "medical", "2026-10-02T23:35:00+08:00");
    finding(l3, "MED-1", "medical", "2026-10-03T00:10:00+08:00"); // 2026-10-02T16:10Z: China 10-03
    finding(l4, "ABS-PRICE", "absolute", "2026-10-03T00:35:00+08:00");
    finding(l5, "ABS-PRICE", "absolute", "2026-09-30T23:05:00+08:00"); // before the range
    city = user("dash-leader-cd", "650100");
    district = user("dash-leader-jj", "650102");
  }

  Http user(String name, String jurisdiction) {
    Map<String, Object> u = new HashMap<>();
    u.put("username", name);
    u.put("password", "password-" + name);
    u.put("role", "leader");
    u.put("jurisdiction", jurisdiction);
    assertThat(admin().post("/api/v1/users", u).status()).isEqualTo(201);
    var t = admin().post("/api/v1/tokens", Map.of("name", "dash", "username", name));
    return Http.bearer(port, t.json().get("secret").asString());
  }

  long room(String external, String name, String jurisdiction, boolean registered) {
    jdbc.sql(
            "INSERT INTO room (platform, external_id, name, jurisdiction_code, registered) VALUES"
                + " ('douyin', ?, ?, ?, ?)")
        .params(external, name, jurisdiction, registered)
        .update();
    return jdbc.sql("SELECT id FROM room WHERE platform = 'douyin' AND external_id = ?")
        .param(external)
        .query(Long.class)
        .single();
  }

  void session(long room, String id, String started) {
    jdbc.sql("INSERT INTO live_session (room_id, external_id, started_at) VALUES (?, ?, ?)")
        .params(room, id, OffsetDateTime.parse(started))
        .update();
  }

  long lead(
      long room,
      String external,
      String session,
      String family,
      int rank,
      String status,
      String path,
      String created,
      String updated) {
    String severity = rank == 3 ? "serious" : rank == 2 ? "warning" : "notice";
    jdbc.sql(
            "INSERT INTO lead (platform, room, session, room_id, family, severity, severity_rank,"
                + " status, jurisdiction_path, finding_count, first_seen, last_seen, created_at,"
                + " updated_at) VALUES ('douyin', ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)")
        .params(
            external,
            session,
            room,
            family,
            severity,
            rank,
            status,
            path,
            OffsetDateTime.parse(created),
            OffsetDateTime.parse(created),
            OffsetDateTime.parse(created),
            OffsetDateTime.parse(updated))
        .update();
    return jdbc.sql("SELECT MAX(id) FROM lead").query(Long.class).single();
  }

  void finding(long lead, String rule, String category, String at) {
    String id = "dash-ev-" + (++eventNo);
    // A valid transcript event (the live analysis reads every stored event) with ordinary words.
    String body =
        "{\"id\":\""
            + id
            + "\",\"type\":\"transcript\",\"platform\":\"douyin\",\"room\":\"dash\","
            + "\"session\":\"dash\",\"at\":\""
            + at
            + "\",\"text\":\"大家好\",\"start_ms\":0,\"end_ms\":1000}";
    jdbc.sql(
            "INSERT INTO event (event_id, event_type, platform, room, session, occurred_at,"
                + " received_at, body) VALUES (?, 'transcript', 'douyin', 'dash', 'dash', ?, ?, ?)")
        .params(id, OffsetDateTime.parse(at), OffsetDateTime.parse(at), body)
        .update();
    long seq =
        jdbc.sql("SELECT seq FROM event WHERE event_id = ?").param(id).query(Long.class).single();
    jdbc.sql(
            "INSERT INTO finding (lead_id, event_seq, event_id, rule, category, severity, channel,"
                + " span_begin, span_end, term, body, occurred_at) VALUES (?, ?, ?, ?, ?, 'warning',"
                + " 'speech', 0, 1, 'x', '{}', ?)")
        .params(lead, seq, id, rule, category, OffsetDateTime.parse(at))
        .update();
  }

  JsonNode overview(Http h) {
    var r = h.get("/api/v1/stats/overview?from=2026-10-01&to=2026-10-03");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  @Test
  void theCityLeaderSeesTheHandComputedFigures() {
    JsonNode o = overview(city);
    assertThat(o.get("roomsWatched").asLong()).isEqualTo(2); // r1, r2; r3 is not registered
    assertThat(o.get("sessionsMonitored").asLong()).isEqualTo(4); // S1, S2, S3, S5
    assertThat(o.get("sessionsWithConfirmedViolation").asLong()).isEqualTo(2); // S1 (l1), S2 (l3)
    assertThat(o.get("violationRate").asDouble()).isCloseTo(0.5, within(1e-9));
    assertThat(o.get("findings").asLong()).isEqualTo(6); // all but the one of 09-30
    assertThat(o.get("leads").asLong()).isEqualTo(5); // created in range: l1, l2, l3, l4, l6
    JsonNode status = o.get("leadsByStatus");
    assertThat(status.get("new").asLong()).isEqualTo(1);
    assertThat(status.get("confirmed").asLong()).isEqualTo(1);
    assertThat(status.get("dismissed").asLong()).isEqualTo(2);
    assertThat(status.get("closed").asLong()).isEqualTo(1);
    assertThat(o.get("closedLeads").asLong()).isEqualTo(2); // closed in range: l3 (6 h), l5 (2 h)
    assertThat(o.get("averageHoursToClose").asDouble()).isCloseTo(4.0, within(1e-6));
    JsonNode days = o.get("trendByDay");
    assertThat(days.size()).isEqualTo(3);
    assertThat(days.get(0).get("day").asString()).isEqualTo("2026-10-01");
    assertThat(days.get(0).get("findings").asLong()).isEqualTo(3);
    assertThat(days.get(0).get("leads").asLong()).isEqualTo(2);
    assertThat(days.get(1).get("findings").asLong()).isEqualTo(1);
    assertThat(days.get(1).get("leads").asLong()).isEqualTo(1);
    assertThat(days.get(2).get("findings").asLong()).isEqualTo(2);
    assertThat(days.get(2).get("leads").asLong()).isEqualTo(2);
    assertThat(o.get("findingsByCategory").toString())
        .isEqualTo(
            "[{\"category\":\"absolute\",\"findings\":3},{\"category\":\"medical\",\"findings\":2},"
                + "{\"category\":\"price\",\"findings\":1}]");
    assertThat(o.get("trendByDayAndCategory").toString())
        .contains("{\"day\":\"2026-10-03\",\"category\":\"medical\",\"findings\":1}")
        .contains("{\"day\":\"2026-10-02\",\"category\":\"medical\",\"findings\":1}");
    JsonNode top = o.get("topSubjects");
    assertThat(top.size()).isEqualTo(2);
    assertThat(top.get(0).get("room").asString()).isEqualTo("dash-r1");
    assertThat(top.get(0).get("score").asLong()).isEqualTo(5); // l1 (2) + l3 (3); l2 dismissed
    assertThat(top.get(0).get("confirmedLeads").asLong()).isEqualTo(2);
    assertThat(top.get(1).get("room").asString()).isEqualTo("dash-r2");
    assertThat(top.get(1).get("score").asLong()).isEqualTo(1); // l6; l4 dismissed
    Map<String, JsonNode> rules = new HashMap<>();
    o.get("rulePrecision").forEach(r -> rules.put(r.get("rule").asString(), r));
    assertThat(rules.get("ABS-PRICE").get("precision").asDouble()).isCloseTo(0.5, within(1e-9));
    assertThat(rules.get("ABS-PRICE").get("findings").asLong()).isEqualTo(2);
    assertThat(rules.get("ABS-FIRST").get("precision").asDouble()).isCloseTo(1.0, within(1e-9));
    assertThat(rules.get("PRICE-X").get("precision").asDouble()).isCloseTo(0.0, within(1e-9));
    assertThat(rules.get("MED-1").get("confirmed").asLong()).isEqualTo(2);
  }

  @Test
  void aDistrictLeaderSeesOnlyTheDistrict() {
    JsonNode o = overview(district);
    assertThat(o.get("roomsWatched").asLong()).isEqualTo(1); // r1
    assertThat(o.get("sessionsMonitored").asLong()).isEqualTo(3); // S1, S2, S5
    assertThat(o.get("violationRate").asDouble()).isCloseTo(2.0 / 3, within(1e-9));
    assertThat(o.get("findings").asLong()).isEqualTo(5); // l1 ×2, l2, l3 ×2
    assertThat(o.get("topSubjects").size()).isEqualTo(1);
  }

  @Test
  void anEmptyRangeHasNoRateAndBadRangesAreRefused() {
    var r = city.get("/api/v1/stats/overview?from=2020-01-01&to=2020-01-02");
    assertThat(r.json().get("sessionsMonitored").asLong()).isZero();
    assertThat(r.json().has("violationRate")).isFalse();
    assertThat(r.json().get("trendByDay").size()).isEqualTo(2);
    var backwards = city.get("/api/v1/stats/overview?from=2026-10-03&to=2026-10-01");
    assertThat(backwards.status()).isEqualTo(400);
    assertThat(backwards.json().get("code").asString()).isEqualTo("stats-range");
    assertThat(city.get("/api/v1/stats/overview?from=2020-01-01&to=2026-10-01").status())
        .isEqualTo(400);
    assertThat(city.get("/api/v1/stats/overview?from=yesterday").json().get("code").asString())
        .isEqualTo("bad-parameter");
  }

  @Test
  void thePageShowsTheFiguresChartsAndEscapesRoomNames() {
    Http s =
        Http.session(
            port,
            io.liveguard.platform.TestDatabase.ADMIN_USER,
            io.liveguard.platform.TestDatabase.ADMIN_PASSWORD);
    var page = s.get("/dashboard?from=2026-10-01&to=2026-10-03");
    assertThat(page.status()).as(page.toString()).isEqualTo(200);
    assertThat(page.body())
        .contains(
            "驾驶舱", "chart-trend", "/webjars/chart.js/4.5.1/dist/chart.umd.min.js", "data-stats=")
        .contains("锦江好物&lt;script&gt;alert(1)&lt;/script&gt;")
        .doesNotContain("<script>alert(1)</script>");
    assertThat(s.get("/webjars/chart.js/4.5.1/dist/chart.umd.min.js").status()).isEqualTo(200);
    assertThat(s.get("/js/dashboard.js").status()).isEqualTo(200);
    var en = s.send("GET", "/dashboard", null, (byte[]) null, Map.of("Accept-Language", "en"));
    assertThat(en.body()).contains("Sessions monitored", "Violation rate");
    var bad = s.get("/dashboard?from=nonsense");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("参数 from 的值无效");
  }
}

package io.liveguard.platform.subject;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.platform.Http;
import io.liveguard.platform.PlatformIT;
import io.liveguard.platform.TestDatabase;
import io.liveguard.platform.registry.Uscc;
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
 * Subject profiles of an enterprise, a streamer and a room, registered through the registry API
 * (湖北武汉, 4201xx), with sessions and leads stored directly; hostile names render as text.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubjectsIT extends PlatformIT {
  static final String XSS1 = "<script>alert(1)</script>";
  static final String XSS2 = "\"><img src=x onerror=alert(1)>";
  @Autowired JdbcClient jdbc;
  long enterprise;
  long streamer;
  long room;
  long otherRoom;

  @BeforeAll
  void fixture() {
    var j =
        admin()
            .send(
                "POST",
                "/api/v1/registry/jurisdictions/import",
                "text/csv",
                "code,name,tier,parent\n420000,湖北省,province,\n420100,武汉市,city,420000\n"
                    + "420102,江岸区,district,420100\n420103,江汉区,district,420100\n",
                Map.of());
    assertThat(j.status()).as(j.toString()).isEqualTo(200);
    String first17 = "91420102MA4K5L6M7";
    String uscc = first17 + Uscc.checkCharacter(first17);
    var e =
        admin()
            .post(
                "/api/v1/registry/enterprises",
                Map.of("uscc", uscc, "name", "江岸优选" + XSS1, "jurisdiction", "420102"));
    assertThat(e.status()).as(e.toString()).isEqualTo(201);
    enterprise = id("SELECT id FROM enterprise WHERE uscc = ?", uscc);
    jdbc.sql("INSERT INTO streamer (name) VALUES (?)").param("主播小江" + XSS2).update();
    streamer = id("SELECT MAX(id) FROM streamer", null);
    jdbc.sql(
            "INSERT INTO streamer_account (streamer_id, platform, account, nickname) VALUES (?, 'douyin', 'xj-dy', ?)")
        .params(streamer, "小江" + XSS1)
        .update();
    jdbc.sql(
            "INSERT INTO streamer_account (streamer_id, platform, account, nickname) VALUES (?, 'kuaishou', 'xj-ks', '小江')")
        .param(streamer)
        .update();
    jdbc.sql(
            "INSERT INTO room (platform, external_id, name, enterprise_id, streamer_id, jurisdiction_code) VALUES"
                + " ('douyin', 'subj-r1', ?, ?, ?, '420102')")
        .params("江岸好物" + XSS2, enterprise, streamer)
        .update();
    room = id("SELECT id FROM room WHERE external_id = 'subj-r1'", null);
    jdbc.sql(
            "INSERT INTO room (platform, external_id, name, streamer_id, jurisdiction_code) VALUES"
                + " ('kuaishou', 'subj-r2', '江汉直播间', ?, '420103')")
        .param(streamer)
        .update();
    otherRoom = id("SELECT id FROM room WHERE external_id = 'subj-r2'", null);
    session(room, "s1", "2026-08-10T20:00:00+08:00");
    session(room, "s2", "2026-09-12T20:00:00+08:00");
    session(otherRoom, "s3", "2026-09-15T20:00:00+08:00");
    lead(room, "subj-r1", "s1", "confirmed", "/420000/420100/420102/", "2026-08-10T20:10:00+08:00");
    lead(room, "subj-r1", "s2", "dismissed", "/420000/420100/420102/", "2026-09-12T20:10:00+08:00");
    lead(otherRoom, "subj-r2", "s3", "new", "/420000/420100/420103/", "2026-09-15T20:10:00+08:00");
  }

  long id(String sql, String param) {
    var q = jdbc.sql(sql);
    if (param != null) {
      q = q.param(param);
    }
    return q.query(Long.class).single();
  }

  void session(long roomId, String s, String at) {
    jdbc.sql("INSERT INTO live_session (room_id, external_id, started_at) VALUES (?, ?, ?)")
        .params(roomId, s, OffsetDateTime.parse(at))
        .update();
  }

  void lead(long roomId, String ext, String session, String status, String path, String at) {
    OffsetDateTime t = OffsetDateTime.parse(at);
    jdbc.sql(
            "INSERT INTO lead (platform, room, session, room_id, family, severity, severity_rank, status,"
                + " jurisdiction_path, finding_count, first_seen, last_seen, created_at, updated_at)"
                + " VALUES ('douyin', ?, ?, ?, 'absolute', 'warning', 2, ?, ?, 0, ?, ?, ?, ?)")
        .params(ext, session, roomId, status, path, t, t, t, t)
        .update();
  }

  Http leader(String name, String jurisdiction) {
    Map<String, Object> u = new HashMap<>();
    u.put("username", name);
    u.put("password", "password-" + name);
    u.put("role", "leader");
    u.put("jurisdiction", jurisdiction);
    assertThat(admin().post("/api/v1/users", u).status()).isEqualTo(201);
    return Http.session(port, name, "password-" + name);
  }

  @Test
  void aStreamerProfileShowsAccountsAcrossPlatformsRoomsSessionsAndLeadsOverTime() {
    var r = admin().get("/api/v1/subjects/streamer/" + streamer);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    JsonNode p = r.json();
    assertThat(p.get("accounts").size()).isEqualTo(2);
    assertThat(p.get("accounts").toString()).contains("xj-dy", "xj-ks", "douyin", "kuaishou");
    assertThat(p.get("rooms").size()).isEqualTo(2);
    assertThat(p.get("sessionCount").asLong()).isEqualTo(3);
    assertThat(p.get("leadCount").asLong()).isEqualTo(3);
    assertThat(p.get("confirmedLeadCount").asLong()).isEqualTo(1);
    assertThat(p.get("timeline").toString())
        .contains("{\"month\":\"2026-08\",\"findings\":0,\"leads\":1}")
        .contains("{\"month\":\"2026-09\",\"findings\":0,\"leads\":2}");
    // The risk feature is present: the profile has a risk section (score or "none yet").
    assertThat(p.get("riskAvailable").asBoolean()).isTrue();
  }

  @Test
  void anEnterpriseAndARoomProfile() {
    JsonNode e = admin().get("/api/v1/subjects/enterprise/" + enterprise).json();
    assertThat(e.get("rooms").size()).isEqualTo(1);
    assertThat(e.get("sessionCount").asLong()).isEqualTo(2);
    assertThat(e.get("leadCount").asLong()).isEqualTo(2);
    assertThat(e.get("accounts").size()).isEqualTo(2); // the streamer of its room
    JsonNode r = admin().get("/api/v1/subjects/room/" + room).json();
    assertThat(r.get("sessions").get(0).get("session").asString()).isEqualTo("s2"); // newest first
    assertThat(r.get("facts").toString()).contains("420102");
    assertThat(admin().get("/api/v1/subjects/room/99999999").status()).isEqualTo(404);
    assertThat(admin().get("/api/v1/subjects/planet/1").status()).isEqualTo(400);
    assertThat(admin().get("/api/v1/subjects?kind=room&q=subj-r").json().size()).isEqualTo(2);
    assertThat(admin().get("/api/v1/subjects?kind=streamer&q=xj-ks").json().size()).isEqualTo(1);
  }

  @Test
  void aLeaderSeesOnlyTheirJurisdiction() {
    Http jiangan = leader("subj-leader-ja", "420102");
    assertThat(jiangan.get("/api/v1/subjects/room/" + room).status()).isEqualTo(200);
    assertThat(jiangan.get("/api/v1/subjects/room/" + otherRoom).status()).isEqualTo(404);
    assertThat(jiangan.get("/subjects/room/" + otherRoom).status()).isEqualTo(404);
    JsonNode s = jiangan.get("/api/v1/subjects/streamer/" + streamer).json();
    assertThat(s.get("rooms").size()).isEqualTo(1);
    assertThat(s.get("leadCount").asLong()).isEqualTo(2);
    assertThat(jiangan.get("/api/v1/subjects?kind=room&q=subj-r").json().size()).isEqualTo(1);
  }

  @Test
  void pagesRenderHostileNamesAsTextInBothLanguages() {
    Http s = Http.session(port, TestDatabase.ADMIN_USER, TestDatabase.ADMIN_PASSWORD);
    for (String path :
        new String[] {
          "/subjects/streamer/" + streamer,
          "/subjects/enterprise/" + enterprise,
          "/subjects/room/" + room,
          "/subjects?kind=streamer&q="
              + java.net.URLEncoder.encode("主播小江", java.nio.charset.StandardCharsets.UTF_8),
          "/subjects?kind=room&q=subj"
        }) {
      var page = s.get(path);
      assertThat(page.status()).as(path).isEqualTo(200);
      assertThat(page.body())
          .as(path)
          .doesNotContain(XSS1)
          .doesNotContain("<img src=x")
          .contains("主体画像");
    }
    var room = s.get("/subjects/room/" + this.room);
    assertThat(room.body())
        .contains("江岸好物&quot;&gt;&lt;img src=x onerror=alert(1)&gt;", "subject-sessions", "s2");
    var streamer = s.get("/subjects/streamer/" + this.streamer);
    assertThat(streamer.body()).contains("小江&lt;script&gt;alert(1)&lt;/script&gt;", "xj-ks");
    assertThat(streamer.body()).contains("subject-risk");
    var en =
        s.send(
            "GET",
            "/subjects/streamer/" + this.streamer,
            null,
            (byte[]) null,
            Map.of("Accept-Language", "en"));
    assertThat(en.body()).contains("Accounts across platforms", "Sessions watched");
    assertThat(s.get("/subjects/room/abc").status()).isEqualTo(404);
  }
}

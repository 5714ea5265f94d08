package io.liveguard.platform.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.platform.Http;
import io.liveguard.platform.PlatformIT;
import io.liveguard.platform.analysis.LiveAnalysis;
import io.liveguard.platform.registry.Uscc;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Risk end to end on the real application and database: findings and confirmations move scores and
 * raise warnings that officers acknowledge (audited), complaints (complainants see only their own),
 * the blacklist and a banned streamer going on air, credit export, green rooms, and what a merchant
 * may see.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RiskIT extends PlatformIT {
  @Autowired LiveAnalysis analysis;
  @Autowired RiskFeed feed;
  @Autowired Green green;
  @Autowired JdbcClient jdbc;
  @Autowired JdbcRiskStore store;

  static final String USCC_A = uscc("91350102MA2R8K0A");
  static final String USCC_B = uscc("91350102MA2R8K0B");
  static final String USCC_MCN = uscc("91350102MA2R8K0M");
  long roomA;
  long roomB;
  long roomC;
  long enterpriseA;
  long streamerBanned;
  Http merchantA;
  Http merchantB;
  Http officer;

  static String uscc(String first16) {
    String first17 = first16 + "1";
    return first17 + Uscc.checkCharacter(first17);
  }

  Http user(String name, String role, Long enterprise) {
    Map<String, Object> u = new HashMap<>();
    u.put("username", name);
    u.put("password", "password-" + name);
    u.put("role", role);
    if (enterprise != null) {
      u.put("enterprise", enterprise);
    }
    if (role.equals("officer")) {
      u.put("jurisdiction", "350100");
    }
    var r = admin().post("/api/v1/users", u);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    var t = admin().post("/api/v1/tokens", Map.of("name", "risk", "username", name));
    return Http.bearer(port, t.json().get("secret").asString());
  }

  void imports(String kind, String type, String body) {
    var r = admin().send("POST", "/api/v1/registry/" + kind + "/import", type, body, Map.of());
    assertThat(r.status()).as(kind + " " + r).isLessThan(300);
  }

  long roomId(String external) {
    return jdbc.sql("SELECT id FROM room WHERE platform = 'kuaishou' AND external_id = ?")
        .param(external)
        .query(Long.class)
        .single();
  }

  @BeforeAll
  void subjects() {
    imports(
        "jurisdictions",
        "text/csv",
        "code,name,tier,parent\n350000,福建省,province,\n350100,福州市,city,350000\n"
            + "350102,鼓楼区,district,350100\n");
    imports(
        "enterprises",
        "application/json",
        "[{\"uscc\":\""
            + USCC_A
            + "\",\"name\":\"风险甲公司\",\"jurisdiction\":\"350102\"},"
            + "{\"uscc\":\""
            + USCC_B
            + "\",\"name\":\"风险乙公司\",\"jurisdiction\":\"350102\"},"
            + "{\"uscc\":\""
            + USCC_MCN
            + "\",\"name\":\"风险MCN\"}]");
    imports(
        "mcn-agencies", "application/json", "[{\"uscc\":\"" + USCC_MCN + "\",\"name\":\"风险MCN\"}]");
    imports(
        "streamers",
        "application/json",
        "[{\"name\":\"风险主播\",\"mcn\":\""
            + USCC_MCN
            + "\",\"accounts\":[\"kuaishou:risk-s1\"]},"
            + "{\"name\":\"被禁主播\",\"accounts\":[\"kuaishou:risk-banned\"]}]");
    imports(
        "rooms",
        "text/csv",
        "platform,room,name,enterprise,streamer,jurisdiction\n"
            + "kuaishou,risk-a,<script>alert(1)</script>甲直播间,"
            + USCC_A
            + ",kuaishou:risk-s1,350102\n"
            + "kuaishou,risk-b,乙直播间,"
            + USCC_B
            + ",,350102\n"
            + "kuaishou,risk-c,丙直播间,"
            + USCC_B
            + ",kuaishou:risk-banned,350102\n");
    roomA = roomId("risk-a");
    roomB = roomId("risk-b");
    roomC = roomId("risk-c");
    enterpriseA =
        jdbc.sql("SELECT id FROM enterprise WHERE uscc = ?")
            .param(USCC_A)
            .query(Long.class)
            .single();
    long enterpriseB =
        jdbc.sql("SELECT id FROM enterprise WHERE uscc = ?")
            .param(USCC_B)
            .query(Long.class)
            .single();
    streamerBanned =
        jdbc.sql("SELECT id FROM streamer WHERE name = '被禁主播'").query(Long.class).single();
    merchantA = user("risk-merchant-a", "merchant", enterpriseA);
    merchantB = user("risk-merchant-b", "merchant", enterpriseB);
    officer = user("risk-officer", "officer", null);
  }

  String event(
      String id, String room, String session, OffsetDateTime at, String type, String fields) {
    return "{\"id\":\""
        + id
        + "\",\"type\":\""
        + type
        + "\",\"platform\":\"kuaishou\",\"room\":\""
        + room
        + "\",\"session\":\""
        + session
        + "\",\"at\":\""
        + at
        + "\""
        + fields
        + "}";
  }

  void ingest(List<String> events) {
    ingestLines(String.join("\n", events));
    analysis.drain();
    feed.drain();
  }

  @Test
  void findingsRaiseAScoreWithReasonsAndAJumpWarningThatAnOfficerAcknowledges() {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(30);
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      events.add(
          event(
              "risk-jump-" + i,
              "risk-a",
              "s-jump",
              now.plusSeconds(i),
              "transcript",
              ",\"text\":\"这是全网最低价，第"
                  + i
                  + "波\",\"start_ms\":"
                  + (i * 1000)
                  + ",\"end_ms\":"
                  + (i * 1000 + 900)));
    }
    ingest(events);
    JsonNode score = admin().get("/api/v1/risk/scores/room/" + roomA).json();
    assertThat(score.get("score").asInt()).isPositive();
    assertThat(score.get("reasons").toString()).contains("findings");
    // the streamer and the MCN carry the room's points through their links
    assertThat(
            admin()
                .get(
                    "/api/v1/risk/scores/streamer/"
                        + jdbc.sql("SELECT streamer_id FROM room WHERE id = ?")
                            .param(roomA)
                            .query(Long.class)
                            .single())
                .json()
                .get("reasons")
                .toString())
        .contains("streamer_rooms");

    var list = admin().get("/api/v1/warnings?status=open&rule=findings_jump").json();
    JsonNode w = null;
    for (JsonNode n : list) {
      if (n.get("subject").asString().equals("room:" + roomA)) {
        w = n;
      }
    }
    assertThat(w).as(list.toString()).isNotNull();
    // six transcripts with 全网最低价 raise at least six findings today against a baseline of 0:
    // yellow from 5, orange from 10 (each line may match more than one rule)
    assertThat(w.get("tier").asString()).isIn("yellow", "orange");
    assertThat(w.get("facts").get("findings").asInt()).isGreaterThanOrEqualTo(6);
    long id = w.get("id").asLong();
    // it raises the room's monitoring priority for the capture scheduler
    assertThat(admin().get("/api/v1/risk/priorities").body()).contains("\"roomId\":" + roomA);

    var ack = officer.post("/api/v1/warnings/" + id + "/acknowledge", Map.of("note", "已安排重点监看"));
    assertThat(ack.status()).as(ack.toString()).isEqualTo(200);
    assertThat(ack.json().get("acknowledgedBy").asString()).isEqualTo("risk-officer");
    assertThat(officer.post("/api/v1/warnings/" + id + "/acknowledge", "{}").status())
        .isEqualTo(409);
    var audit = admin().get("/api/v1/warnings/" + id + "/audit").body();
    assertThat(audit).contains("warning.raised", "warning.acknowledge", "已安排重点监看");
    assertThat(admin().get("/api/v1/audit/verify").status()).isEqualTo(200);
    // the console page lists it, escaping the room's name
    var page =
        Http.session(
                port,
                io.liveguard.platform.TestDatabase.ADMIN_USER,
                io.liveguard.platform.TestDatabase.ADMIN_PASSWORD)
            .get("/warnings?status=all")
            .body();
    assertThat(page).contains("&lt;script&gt;").doesNotContain("<script>alert(1)</script>");
  }

  Map<String, Object> complaint(String what) {
    Map<String, Object> c = new HashMap<>();
    c.put("name", "张三");
    c.put("contact", "13800000000");
    c.put("what", what);
    return c;
  }

  @Test
  void theBaselineOfADaysFindingsIsTheSumOfTheDaysBeforeInOneQuery() {
    long room = 987_654_321L; // counts only: risk_daily has no foreign key to room
    java.time.LocalDate day = java.time.LocalDate.of(2025, 11, 20);
    for (int k = 0; k <= 9; k++) {
      store.addDailyFindings(room, day.minusDays(k), k + 1);
    }
    store.addDailyFindings(room + 1, day.minusDays(1), 100);
    // days 1..7 before: 2 + 3 + … + 8
    assertThat(store.dailyFindingsBetween(room, day.minusDays(7), day.minusDays(1))).isEqualTo(35);
    long loop = 0;
    for (int k = 1; k <= 7; k++) {
      loop += store.dailyFindings(room, day.minusDays(k));
    }
    assertThat(loop).isEqualTo(35);
    assertThat(store.dailyFindingsBetween(room, day.plusDays(1), day.plusDays(3))).isZero();
    assertThat(store.dailyFindingsBetween(room, day, day)).isEqualTo(1);
    jdbc.sql("DELETE FROM risk_daily WHERE room_id IN (?, ?)").params(room, room + 1).update();
  }

  @Test
  void aComplainantSeesOnlyTheirOwnComplaint() {
    var one = anonymous().post("/api/v1/complaints", complaint("商品与描述不符"));
    var two = anonymous().post("/api/v1/complaints", complaint("虚假宣传"));
    assertThat(one.status()).as(one.toString()).isEqualTo(201);
    String ref1 = one.json().get("reference").asString();
    String key1 = one.json().get("accessKey").asString();
    String ref2 = two.json().get("reference").asString();
    var mine =
        anonymous().post("/api/v1/complaints/status", Map.of("reference", ref1, "key", key1));
    assertThat(mine.status()).isEqualTo(200);
    assertThat(mine.json().get("status").asString()).isEqualTo("received");
    assertThat(mine.body()).doesNotContain("13800000000", "商品与描述不符");
    // someone else's reference with my key, or a wrong key: the same 404
    assertThat(
            anonymous()
                .post("/api/v1/complaints/status", Map.of("reference", ref2, "key", key1))
                .status())
        .isEqualTo(404);
    assertThat(
            anonymous()
                .post("/api/v1/complaints/status", Map.of("reference", ref1, "key", "X"))
                .status())
        .isEqualTo(404);
    // the public cannot list complaints
    assertThat(anonymous().get("/api/v1/complaints").status()).isEqualTo(401);
    // signed-in complainants see the ones they filed, and only those
    merchantA.post("/api/v1/complaints", complaint("甲的投诉"));
    merchantB.post("/api/v1/complaints", complaint("乙的投诉"));
    var a = merchantA.get("/api/v1/complaints/mine");
    assertThat(a.json()).hasSize(1);
    assertThat(merchantB.get("/api/v1/complaints/mine").json()).hasSize(1);
    assertThat(a.body()).doesNotContain(ref1);
    assertThat(merchantA.get("/api/v1/complaints").status()).isEqualTo(403);
  }

  @Test
  void aSpecificComplaintBecomesALeadAndFeedsTheScore() {
    var r =
        anonymous()
            .post(
                "/api/v1/complaints",
                Map.of(
                    "name",
                    "李四",
                    "contact",
                    "lisi@example.com",
                    "platform",
                    "kuaishou",
                    "room",
                    "risk-b",
                    "session",
                    "s-complaint",
                    "occurred_at",
                    OffsetDateTime.now(ZoneOffset.UTC).minusHours(1).toString(),
                    "quote",
                    "吃了就能治好糖尿病",
                    "what",
                    "主播宣称保健品能治病<img src=x onerror=alert(1)>",
                    "attachments",
                    List.of(
                        Map.of(
                            "name",
                            "../../etc/截图.png",
                            "media_type",
                            "image/png",
                            "content",
                            Base64.getEncoder()
                                .encodeToString(
                                    new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0})))));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(r.json().get("specific").asBoolean()).isTrue();
    assertThat(r.json().get("status").asString()).isEqualTo("lead_opened");
    var staff = admin().get("/api/v1/complaints?status=lead_opened").json();
    JsonNode c = null;
    for (JsonNode n : staff) {
      if (n.get("reference").asString().equals(r.json().get("reference").asString())) {
        c = n;
      }
    }
    assertThat(c).isNotNull();
    assertThat(c.get("roomId").asLong()).isEqualTo(roomB);
    assertThat(c.get("attachments").get(0).get("name").asString()).isEqualTo("截图.png");
    long lead = c.get("leadId").asLong();
    var l = admin().get("/api/v1/leads/" + lead);
    assertThat(l.status()).as(l.toString()).isEqualTo(200);
    assertThat(l.body()).contains("COMPLAINT", "吃了就能治好糖尿病");
    analysis.drain();
    feed.drain();
    assertThat(admin().get("/api/v1/risk/scores/room/" + roomB).body())
        .contains("specific_complaints");
    // the staff page escapes what the complainant wrote
    var page =
        Http.session(
                port,
                io.liveguard.platform.TestDatabase.ADMIN_USER,
                io.liveguard.platform.TestDatabase.ADMIN_PASSWORD)
            .get("/complaints/" + c.get("id").asLong())
            .body();
    assertThat(page).contains("&lt;img src=x").doesNotContain("<img src=x");
    // handling is audited; a rejection needs a reason
    long id = c.get("id").asLong();
    assertThat(
            admin()
                .post("/api/v1/complaints/" + id + "/actions", Map.of("action", "reject"))
                .status())
        .isEqualTo(409);
    var close =
        officer.post(
            "/api/v1/complaints/" + id + "/actions", Map.of("action", "close", "note", "已立案调查"));
    assertThat(close.status()).as(close.toString()).isEqualTo(200);
    assertThat(admin().get("/api/v1/audit").body()).contains("complaint.close");
  }

  @Test
  void badComplaintsAreRefusedWithFieldErrors() {
    Map<String, Object> c = complaint("x");
    c.put("occurred_at", "yesterday");
    c.put("platform", "tiktok");
    c.put("room", "a b'; DROP TABLE complaint;--");
    var r = anonymous().post("/api/v1/complaints", c);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("occurred_at", "platform", "room");
    Map<String, Object> big = complaint("附件过大");
    big.put(
        "attachments",
        List.of(
            Map.of(
                "name",
                "a.txt",
                "media_type",
                "text/plain",
                "content",
                Base64.getEncoder()
                    .encodeToString(new byte[Complaints.MAX_ATTACHMENT_BYTES + 1]))));
    assertThat(anonymous().post("/api/v1/complaints", big).body()).contains("attachments[0]");
    Map<String, Object> fake = complaint("伪装的图片");
    fake.put(
        "attachments",
        List.of(
            Map.of(
                "name",
                "a.png",
                "media_type",
                "image/png",
                "content",
                Base64.getEncoder().encodeToString("<svg onload=alert(1)>".getBytes()))));
    assertThat(anonymous().post("/api/v1/complaints", fake).body()).contains("not image/png");
    Map<String, Object> html = complaint("html");
    html.put(
        "attachments",
        List.of(Map.of("name", "a.html", "media_type", "text/html", "content", "PGgxPg==")));
    assertThat(anonymous().post("/api/v1/complaints", html).status()).isEqualTo(400);
    assertThat(anonymous().post("/api/v1/complaints", "{\"what\":").status()).isEqualTo(400);
    assertThat(
            jdbc.sql("SELECT COUNT(*) FROM complaint WHERE what = 'x'").query(Long.class).single())
        .isZero();
  }

  @Test
  void aBlacklistedStreamerGoingOnAirRaisesARedWarning() {
    var add =
        officer.post(
            "/api/v1/blacklist",
            Map.of(
                "kind",
                "streamer",
                "id",
                streamerBanned,
                "reason",
                "多次虚假宣传",
                "source_decision",
                "榕市监处罚〔2026〕1号",
                "starts_on",
                LocalDate.now().minusDays(1).toString()));
    assertThat(add.status()).as(add.toString()).isEqualTo(201);
    assertThat(merchantA.post("/api/v1/blacklist", "{}").status()).isEqualTo(403);
    ingest(
        List.of(
            event(
                "risk-banned-start",
                "risk-c",
                "s-banned",
                OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(5),
                "session_started",
                "")));
    var w = admin().get("/api/v1/warnings?rule=banned_streamer").body();
    assertThat(w).contains("room:" + roomC, "\"tier\":\"red\"");
    // credit: the streamer is D, and the export carries the entry
    assertThat(
            admin().get("/api/v1/credit/streamer/" + streamerBanned).json().get("grade").asString())
        .isEqualTo("D");
    var export = admin().get("/api/v1/credit/export");
    assertThat(export.status()).isEqualTo(200);
    boolean found = false;
    for (String line : export.body().split("\n")) {
      JsonNode n = Http.JSON.readTree(line);
      assertThat(n.get("format").asString()).isEqualTo("liveguard-credit/1");
      if (n.get("subject_id").asString().equals("streamer:" + streamerBanned)) {
        found = true;
        assertThat(n.get("blacklist").get(0).get("source_decision").asString())
            .isEqualTo("榕市监处罚〔2026〕1号");
      }
    }
    assertThat(found).isTrue();
    assertThat(officer.get("/api/v1/credit/export").status()).isEqualTo(403);
  }

  @Test
  void merchantsSeeOnlyTheirOwnRoomsStatus() {
    var a = merchantA.get("/api/v1/risk/my-rooms");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.body()).contains("risk-a").doesNotContain("risk-b", "risk-c");
    assertThat(merchantB.get("/api/v1/risk/my-rooms").body())
        .contains("risk-b", "risk-c")
        .doesNotContain("risk-a");
    assertThat(merchantA.get("/api/v1/risk/my-rooms/" + roomB).status()).isEqualTo(404);
    assertThat(merchantA.get("/api/v1/risk/my-rooms/" + roomA).status()).isEqualTo(200);
    assertThat(merchantA.get("/api/v1/risk/scores/room/" + roomA).status()).isEqualTo(403);
    assertThat(merchantA.get("/api/v1/warnings").status()).isEqualTo(403);
  }

  @Test
  void aGreenRoomIsAppliedForAwardedPublishedRecheckedAndRevoked() {
    Map<String, Object> app =
        Map.of(
            "room",
            roomB,
            "licences",
            List.of(Map.of("type", "business_licence", "number", USCC_B)),
            "training_completed",
            LocalDate.now().minusDays(10).toString(),
            "prechecked_scripts",
            2);
    // a merchant applies only for its own rooms
    assertThat(merchantA.post("/api/v1/green/applications", app).status()).isEqualTo(404);
    var r = merchantB.post("/api/v1/green/applications", app);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    long id = r.json().get("id").asLong();
    assertThat(merchantB.post("/api/v1/green/applications", app).status()).isEqualTo(409);
    assertThat(
            merchantB
                .post("/api/v1/green/applications/" + id + "/review", Map.of("decision", "award"))
                .status())
        .isEqualTo(403);
    assertThat(merchantA.get("/api/v1/green/applications").body()).doesNotContain("risk-b");
    var award =
        officer.post("/api/v1/green/applications/" + id + "/review", Map.of("decision", "award"));
    assertThat(award.status()).as(award.toString()).isEqualTo(200);
    assertThat(award.json().get("status").asString()).isEqualTo("awarded");
    assertThat(anonymous().get("/api/v1/public/green-rooms").body()).contains("乙直播间");
    var page = anonymous().get("/green-rooms");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("乙直播间");
    // the periodic re-check: training expired → revoked with the failed criterion as reason
    jdbc.sql("UPDATE green_application SET next_check_at = ?, training_completed = ? WHERE id = ?")
        .params(
            OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1), LocalDate.now().minusYears(2), id)
        .update();
    assertThat(green.recheckDue()).isGreaterThanOrEqualTo(1);
    var after = admin().get("/api/v1/green/applications/" + id).json();
    assertThat(after.get("status").asString()).isEqualTo("revoked");
    assertThat(after.get("revokeReason").asString()).contains("training");
    assertThat(anonymous().get("/api/v1/public/green-rooms").body()).doesNotContain("乙直播间");
    assertThat(admin().get("/api/v1/audit").body()).contains("green.award", "green.revoke");
  }

  @Test
  void anOfficerRevokesWithAReason() {
    long roomD;
    imports(
        "rooms",
        "text/csv",
        "platform,room,name,enterprise,jurisdiction\nkuaishou,risk-d,丁直播间," + USCC_A + ",350102\n");
    roomD = roomId("risk-d");
    var r =
        admin()
            .post(
                "/api/v1/green/applications",
                Map.of(
                    "room",
                    roomD,
                    "licences",
                    List.of(Map.of("type", "business_licence", "number", USCC_A)),
                    "training_completed",
                    LocalDate.now().toString(),
                    "prechecked_scripts",
                    1));
    long id = r.json().get("id").asLong();
    assertThat(
            officer
                .post("/api/v1/green/applications/" + id + "/review", Map.of("decision", "award"))
                .status())
        .isEqualTo(200);
    assertThat(officer.post("/api/v1/green/applications/" + id + "/revoke", "{}").status())
        .isEqualTo(400);
    var rev =
        officer.post("/api/v1/green/applications/" + id + "/revoke", Map.of("reason", "直播中出现违规"));
    assertThat(rev.json().get("revokeReason").asString()).isEqualTo("直播中出现违规");
  }
}

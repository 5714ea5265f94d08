package io.liveguard.platform.lead;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.platform.EvidencePackage;
import io.liveguard.platform.Http;
import io.liveguard.platform.PlatformIT;
import io.liveguard.platform.analysis.LiveAnalysis;
import io.liveguard.platform.evidence.EvidenceSealer;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The end-to-end loop: subjects, a live session, findings, evidence, lead, review to close. */
class LeadLoopIT extends PlatformIT {
  @Autowired LiveAnalysis analysis;
  @Autowired EvidenceSealer sealer;
  @Autowired JdbcClient jdbc;

  Http user(String name, String role, String jurisdiction) {
    Map<String, Object> u = new HashMap<>();
    u.put("username", name);
    u.put("password", "password-" + name);
    u.put("role", role);
    if (jurisdiction != null) {
      u.put("jurisdiction", jurisdiction);
    }
    var r = admin().post("/api/v1/users", u);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return Http.session(port, name, "password-" + name);
  }

  static String event(String id, String type, String at, String fields) {
    return "{\"id\":\""
        + id
        + "\",\"type\":\""
        + type
        + "\",\"platform\":\"douyin\",\"room\":\"dy-loop-1\",\"session\":\"s-loop-1\",\"at\":\""
        + at
        + "\""
        + fields
        + "}";
  }

  @Test
  void aSessionBecomesALeadThatIsReviewedDisposedAndClosedWithAnAuditTrail() throws Exception {
    // Subjects: a district of Shenzhen, the room's operator, the room, a brand.
    var j =
        admin()
            .send(
                "POST",
                "/api/v1/registry/jurisdictions/import",
                "text/csv",
                "code,name,tier,parent\n440000,广东省,province,\n440300,深圳市,city,440000\n"
                    + "440305,南山区,district,440300\n440306,宝安区,district,440300\n",
                Map.of());
    assertThat(j.status()).as(j.toString()).isEqualTo(200);
    assertThat(
            admin()
                .post(
                    "/api/v1/registry/enterprises",
                    Map.of("uscc", "91440300708461136T", "name", "某电商公司", "jurisdiction", "440305"))
                .status())
        .isEqualTo(201);
    var room =
        admin()
            .post(
                "/api/v1/registry/rooms",
                Map.of(
                    "platform", "douyin",
                    "room", "dy-loop-1",
                    "name", "好物直播间",
                    "enterprise", "91440300708461136T",
                    "jurisdiction", "440305"));
    assertThat(room.status()).as(room.toString()).isEqualTo(201);
    assertThat(
            admin()
                .post("/api/v1/registry/brands", Map.of("name", "香奈儿", "name_en", "Chanel"))
                .status())
        .isEqualTo(201);

    Http analyst = user("analyst-loop", "analyst", null);
    Http officer = user("officer-nanshan", "officer", "440305");
    Http otherOfficer = user("officer-baoan", "officer", "440306");
    Http leader = user("leader-sz", "leader", "440300");

    // The session, pushed by a data source with an API token.
    var token = admin().post("/api/v1/tokens", Map.of("name", "douyin-push"));
    Http source = Http.bearer(port, token.json().get("secret").asString());
    String batch =
        String.join(
            "\n",
            event("loop-1", "session_started", "2026-11-20T20:00:00+08:00", ""),
            event(
                "loop-2",
                "listing",
                "2026-11-20T20:00:05+08:00",
                ",\"listing\":\"L-1\",\"title\":\"经典款女包\",\"price\":\"1999.00\",\"category\":\"luxury\""),
            event(
                "loop-5",
                "price",
                "2026-11-20T20:00:10+08:00",
                ",\"listing\":\"L-1\",\"price\":\"1999.00\",\"source\":\"listing\""),
            event(
                "loop-3",
                "transcript",
                "2026-11-20T20:01:00+08:00",
                ",\"text\":\"家人们，这款是全网最低价\",\"start_ms\":60000,\"end_ms\":63000"),
            event(
                "loop-4",
                "transcript",
                "2026-11-20T20:01:04+08:00",
                ",\"text\":\"香奈儿的包，和原版一模一样\",\"start_ms\":64000,\"end_ms\":67000"));
    var ingest = source.send("POST", "/api/v1/events", "application/x-ndjson", batch, Map.of());
    assertThat(ingest.status()).as(ingest.toString()).isEqualTo(200);
    assertThat(ingest.json().get("stored").asInt()).isEqualTo(5);
    analysis.drain();
    assertThat(analyst.get("/api/v1/registry/sessions").body()).contains("s-loop-1");

    // The lead with its findings in the shape of check, and evidence references.
    var leads = analyst.get("/api/v1/leads?room=dy-loop-1&session=s-loop-1");
    assertThat(leads.status()).as(leads.toString()).isEqualTo(200);
    JsonNode absolute = null;
    for (JsonNode l : leads.json()) {
      if (l.get("family").asString().equals("absolute")) {
        absolute = l;
      }
    }
    assertThat(absolute).as(leads.body()).isNotNull();
    // 香奈儿 … 和原版一模一样: a counterfeit cue with a known brand, the most serious lead, first.
    JsonNode first = leads.json().get(0);
    assertThat(first.get("family").asString()).as(leads.body()).isEqualTo("counterfeit");
    assertThat(first.get("severity").asString()).isEqualTo("serious");
    assertThat(first.get("findings").toString()).contains("和原版一模一样");
    assertThat(absolute.get("status").asString()).isEqualTo("new");
    assertThat(absolute.get("jurisdiction").asString()).isEqualTo("440305");
    JsonNode finding = absolute.get("findings").get(0);
    assertThat(finding.get("rule").asString()).isNotBlank();
    assertThat(finding.get("matched").asString()).contains("最低价");
    assertThat(finding.get("provisions").size()).isPositive();
    assertThat(finding.get("events").toString()).contains("loop-3");
    long leadId = absolute.get("id").asLong();
    String pkg = finding.get("evidence").get(0).get("package").asString();

    // The evidence package (the evidence module's format) verifies offline, against the vault's
    // independently obtained trust policy.
    var zip = analyst.get(pkg);
    assertThat(zip.status()).isEqualTo(200);
    assertThat(zip.header("Content-Type")).isEqualTo("application/zip");
    var evidence = new EvidencePackage(zip.bytes());
    var report = evidence.verify(sealer.vault().trustPolicy());
    assertThat(report.failures()).isEmpty();
    assertThat(report.passed()).isTrue();
    assertThat(evidence.manifest.get("detection").get("excerpt").asString()).contains("最低价");
    assertThat(evidence.roles())
        .contains("transcript", "finding", "listing", "price_history", "event");
    assertThat(evidence.manifest.get("subject").get("lead").asString())
        .isEqualTo(Long.toString(leadId));

    // The other district's officer sees nothing of it.
    assertThat(otherOfficer.get("/api/v1/leads?room=dy-loop-1").json().size()).isZero();
    assertThat(otherOfficer.get("/api/v1/leads/" + leadId).status()).isEqualTo(404);
    assertThat(otherOfficer.get(pkg).status()).isEqualTo(404);

    String actions = "/api/v1/leads/" + leadId + "/actions";
    assertThat(analyst.post(actions, Map.of("action", "confirm")).status()).isEqualTo(409);
    assertThat(analyst.post(actions, Map.of("action", "review")).status()).isEqualTo(200);
    var noReason = analyst.post(actions, Map.of("action", "dismiss"));
    assertThat(noReason.status()).isEqualTo(400);
    assertThat(noReason.json().get("code").asString()).isEqualTo("reason-required");
    assertThat(analyst.post(actions, Map.of("action", "confirm", "reason", "宣称全网最低价无依据")).status())
        .isEqualTo(200);
    var wrongDistrict =
        leader.post(actions, Map.of("action", "assign", "officer", "officer-baoan"));
    assertThat(wrongDistrict.status()).isEqualTo(400);
    assertThat(wrongDistrict.json().get("code").asString())
        .isEqualTo("officer-outside-jurisdiction");
    assertThat(
            leader.post(actions, Map.of("action", "assign", "officer", "officer-nanshan")).status())
        .isEqualTo(200);
    String due = LocalDate.now().plusDays(7).toString();
    var order =
        officer.post(
            actions,
            Map.of(
                "action", "dispose",
                "disposal", "rectification_order",
                "due", due,
                "reason", "责令七日内删除违规话术"));
    assertThat(order.status()).as(order.toString()).isEqualTo(200);
    assertThat(order.json().get("status").asString()).isEqualTo("rectifying");
    assertThat(order.json().get("due").asString()).isEqualTo(due);
    assertThat(officer.post(actions, Map.of("action", "close")).status()).isEqualTo(409);
    assertThat(officer.post(actions, Map.of("action", "verify", "reason", "复查已整改")).status())
        .isEqualTo(200);
    var closed = officer.post(actions, Map.of("action", "close", "reason", "结案"));
    assertThat(closed.json().get("status").asString()).isEqualTo("closed");
    assertThat(closed.json().get("nextActions").size()).isZero();

    // The audit trail: who, when, what, why — chained and sealed into the evidence log.
    var trail = leader.get("/api/v1/leads/" + leadId + "/audit").json();
    List<String> what = new java.util.ArrayList<>();
    trail.forEach(e -> what.add(e.get("actor").asString() + ":" + e.get("action").asString()));
    assertThat(what)
        .containsExactly(
            "analyst-loop:lead.review",
            "analyst-loop:lead.confirm",
            "leader-sz:lead.assign",
            "officer-nanshan:lead.dispose",
            "officer-nanshan:lead.verify",
            "officer-nanshan:lead.close");
    assertThat(trail.get(1).get("detail").asString()).contains("宣称全网最低价无依据");
    assertThat(leader.get("/api/v1/audit/verify").json().get("intact").asBoolean()).isTrue();
    sealer.drain();
    long unsealed =
        jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE vault_index IS NULL")
            .query(Long.class)
            .single();
    assertThat(unsealed).isZero();
    assertThat(admin().get("/api/v1/stats/rules").body()).contains(finding.get("rule").asString());
  }

  static String transcript(String id, String room, String at, String text) {
    return "{\"id\":\""
        + id
        + "\",\"type\":\"transcript\",\"platform\":\"douyin\",\"room\":\""
        + room
        + "\",\"session\":\"s1\",\"at\":\""
        + at
        + "\",\"text\":\""
        + text
        + "\",\"start_ms\":0,\"end_ms\":3000}";
  }

  private JsonNode absoluteLeads(String room) {
    var leads = admin().get("/api/v1/leads?room=" + room);
    assertThat(leads.status()).as(leads.toString()).isEqualTo(200);
    List<JsonNode> out = new java.util.ArrayList<>();
    leads.json().forEach(l -> out.add(l));
    return Http.JSON.valueToTree(
        out.stream().filter(l -> l.get("family").asString().equals("absolute")).toList());
  }

  private void ingest(String... events) {
    var r =
        admin()
            .send(
                "POST",
                "/api/v1/events",
                "application/x-ndjson",
                String.join("\n", events),
                Map.of());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    analysis.drain();
  }

  @Test
  void findingsJoinTheOpenLeadAcrossRoundsAndOpenANewOneAfterADismissal() throws Exception {
    String room = "dy-loop-cache";
    ingest(transcript("cache-1", room, "2026-11-21T20:00:00+08:00", "这是全网最低价"));
    JsonNode leads = absoluteLeads(room);
    assertThat(leads.size()).as(leads.toString()).isEqualTo(1);
    long first = leads.get(0).get("id").asLong();
    int count = leads.get(0).get("findingCount").asInt();
    assertThat(count).isPositive();

    // A later round: the same open lead, remembered from the first, grows.
    ingest(transcript("cache-2", room, "2026-11-21T20:00:10+08:00", "真的是全网最低价"));
    leads = absoluteLeads(room);
    assertThat(leads.size()).as(leads.toString()).isEqualTo(1);
    assertThat(leads.get(0).get("id").asLong()).isEqualTo(first);
    assertThat(leads.get(0).get("findingCount").asInt()).isGreaterThan(count);
    int before = leads.get(0).get("findingCount").asInt();

    // An analyst dismisses it through the API: the next finding opens a new lead, and the
    // dismissed one keeps what it had.
    String actions = "/api/v1/leads/" + first + "/actions";
    assertThat(admin().post(actions, Map.of("action", "review")).status()).isEqualTo(200);
    var dismissed = admin().post(actions, Map.of("action", "dismiss", "reason", "主播口误，已更正"));
    assertThat(dismissed.status()).as(dismissed.toString()).isEqualTo(200);
    ingest(transcript("cache-3", room, "2026-11-21T20:00:20+08:00", "绝对是全网最低价"));
    leads = absoluteLeads(room);
    assertThat(leads.size()).as(leads.toString()).isEqualTo(2);
    JsonNode fresh = null;
    for (JsonNode l : leads) {
      if (l.get("id").asLong() == first) {
        assertThat(l.get("status").asString()).isEqualTo("dismissed");
        assertThat(l.get("findingCount").asInt()).isEqualTo(before);
      } else {
        fresh = l;
      }
    }
    assertThat(fresh).as(leads.toString()).isNotNull();
    assertThat(fresh.get("status").asString()).isEqualTo("new");
    assertThat(fresh.get("findings").toString()).contains("cache-3").doesNotContain("cache-2");

    // Its evidence: one copy of each item, in the vault's store once sealed; the package verifies.
    String pkg = fresh.get("findings").get(0).get("evidence").get(0).get("package").asString();
    sealer.drain();
    assertThat(jdbc.sql("SELECT COUNT(*) FROM evidence_pending").query(Long.class).single())
        .isZero();
    var zip = admin().get(pkg);
    assertThat(zip.status()).as(zip.toString()).isEqualTo(200);
    var evidence = new EvidencePackage(zip.bytes());
    assertThat(evidence.verify(sealer.vault().trustPolicy()).failures()).isEmpty();
    assertThat(evidence.roles()).contains("transcript", "finding", "event");
    for (JsonNode item : evidence.manifest.get("items")) {
      String sha = item.get("sha256").asString();
      assertThat(sealer.vault().store().stat(sha)).as(sha).isPresent();
      assertThat(
              jdbc.sql("SELECT COUNT(*) FROM evidence_blob WHERE sha256 = ?")
                  .param(sha)
                  .query(Long.class)
                  .single())
          .as("a second copy of " + sha)
          .isZero();
    }
  }
}

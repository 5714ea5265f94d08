package io.liveguard.platform.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.platform.Http;
import io.liveguard.platform.PlatformIT;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Registry updates (PUT, PATCH) and deletions: validated like imports, audited, refused in use. */
class RegistryEditIT extends PlatformIT {
  static final AtomicInteger RUN = new AtomicInteger();
  @Autowired JdbcClient jdbc;

  String district;
  String city;
  String uscc;
  long enterprise;

  static String uscc(String first17) {
    return first17 + Uscc.checkCharacter(first17);
  }

  Http.Response json(String method, String path, String body) {
    return admin().send(method, path, "application/json", body, Map.of());
  }

  long idOf(String kind, String field, String value) {
    for (JsonNode n : admin().get("/api/v1/registry/" + kind + "?limit=5000").json()) {
      if (n.get(field) != null && n.get(field).asString().equals(value)) {
        return n.get("id").asLong();
      }
    }
    throw new AssertionError(kind + " " + field + "=" + value + " not listed");
  }

  long auditCount(String action, String target) {
    return jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE action = ? AND target = ?")
        .params(action, target)
        .query(Long.class)
        .single();
  }

  /** A fresh province → city → district and an enterprise in it, unique per test. */
  @BeforeEach
  void subjects() {
    int n = 10 + RUN.incrementAndGet();
    String province = "6" + n + "000";
    city = "6" + n + "100";
    district = "6" + n + "101";
    var j =
        admin()
            .send(
                "POST",
                "/api/v1/registry/jurisdictions/import",
                "text/csv",
                "code,name,tier,parent\n"
                    + province
                    + ",省"
                    + n
                    + ",province,\n"
                    + city
                    + ",市"
                    + n
                    + ",city,"
                    + province
                    + "\n"
                    + district
                    + ",区"
                    + n
                    + ",district,"
                    + city
                    + "\n",
                Map.of());
    assertThat(j.status()).as(j.toString()).isEqualTo(200);
    uscc = uscc("91" + district + "MA0EDKT" + (n % 10) + "X");
    var e =
        admin()
            .post(
                "/api/v1/registry/enterprises",
                Map.of("uscc", uscc, "name", "原名公司", "jurisdiction", district));
    assertThat(e.status()).as(e.toString()).isEqualTo(201);
    enterprise = idOf("enterprises", "uscc", uscc);
  }

  @Test
  void patchChangesTheGivenFieldsAndIsAudited() {
    String path = "/api/v1/registry/enterprises/" + enterprise;
    var r = json("PATCH", path, "{\"name\":\"新名公司\"}");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().get("name").asString()).isEqualTo("新名公司");
    assertThat(r.json().get("jurisdiction").asString()).as("kept by PATCH").isEqualTo(district);
    assertThat(auditCount("registry.updated", "registry:enterprises:" + enterprise)).isEqualTo(1);
    String detail =
        jdbc.sql("SELECT detail FROM audit_entry WHERE target = ? ORDER BY seq DESC LIMIT 1")
            .param("registry:enterprises:" + enterprise)
            .query(String.class)
            .single();
    assertThat(detail).contains("name").contains("PATCH").doesNotContain("jurisdiction");

    // PUT replaces: the optional jurisdiction left out is cleared.
    var put = json("PUT", path, "{\"uscc\":\"" + uscc + "\",\"name\":\"整体替换\"}");
    assertThat(put.status()).as(put.toString()).isEqualTo(200);
    assertThat(put.json().get("jurisdiction")).isNull();
    assertThat(put.json().get("name").asString()).isEqualTo("整体替换");
  }

  @Test
  void aRefusedUpdateChangesNothingAndSaysWhy() {
    String path = "/api/v1/registry/enterprises/" + enterprise;
    String other = uscc("91110108MA01EDKT9");
    var identity = json("PATCH", path, "{\"uscc\":\"" + other + "\",\"name\":\"换代码\"}");
    assertThat(identity.status()).as(identity.toString()).isEqualTo(422);
    assertThat(identity.header("Content-Type")).startsWith("application/problem+json");
    assertThat(identity.json().get("code").asString()).isEqualTo("update-refused");
    JsonNode err = identity.json().get("errors").get(0);
    assertThat(err.get("field").asString()).isEqualTo("uscc");
    assertThat(err.get("code").asString()).isEqualTo("immutable-field");
    assertThat(err.get("message").asString()).contains(uscc);

    var badRef = json("PATCH", path, "{\"jurisdiction\":\"999999\",\"name\":\"不应保存\"}");
    assertThat(badRef.status()).isEqualTo(422);
    assertThat(badRef.json().get("errors").toString()).contains("unknown-jurisdiction");
    var missing = json("PUT", path, "{\"uscc\":\"" + uscc + "\"}");
    assertThat(missing.status()).isEqualTo(422);
    assertThat(missing.json().get("errors").toString()).contains("required");
    String name =
        jdbc.sql("SELECT name FROM enterprise WHERE id = ?")
            .param(enterprise)
            .query(String.class)
            .single();
    assertThat(name).isEqualTo("原名公司");
    assertThat(auditCount("registry.updated", "registry:enterprises:" + enterprise)).isZero();

    assertThat(json("PATCH", "/api/v1/registry/enterprises/987654321", "{}").status())
        .isEqualTo(404);
    assertThat(json("PATCH", "/api/v1/registry/enterprises/x'--", "{}").status()).isEqualTo(404);
    assertThat(json("PATCH", path, "[1,2]").status()).isEqualTo(400);
    assertThat(json("PATCH", path, "{\"name\":").status()).isEqualTo(400);
    var session = json("DELETE", "/api/v1/registry/sessions/1", null);
    assertThat(session.status()).isEqualTo(409);
    assertThat(session.json().get("code").asString()).isEqualTo("sessions-read-only");
  }

  @Test
  void hostileTextIsStoredAsTextNotExecuted() {
    String path = "/api/v1/registry/enterprises/" + enterprise;
    String hostile = "<script>alert(1)</script>'); DROP TABLE room; --";
    var r =
        admin()
            .send(
                "PATCH",
                path,
                "application/merge-patch+json",
                Http.JSON.writeValueAsString(Map.of("name", hostile)),
                Map.of());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().get("name").asString()).isEqualTo(hostile);
    assertThat(admin().get("/api/v1/registry/rooms").status()).isEqualTo(200);
  }

  @Test
  void streamerAccountsAndBrandSellersAreReplacedAndChecked() {
    var s1 =
        admin()
            .post(
                "/api/v1/registry/streamers",
                Map.of("name", "主播甲", "accounts", "douyin:edit-a-" + enterprise));
    assertThat(s1.status()).as(s1.toString()).isEqualTo(201);
    var s2 =
        admin()
            .post(
                "/api/v1/registry/streamers",
                Map.of("name", "主播乙", "accounts", "douyin:edit-b-" + enterprise));
    assertThat(s2.status()).isEqualTo(201);
    long a = idOf("streamers", "name", "主播甲");
    var moved =
        json(
            "PATCH",
            "/api/v1/registry/streamers/" + a,
            "{\"accounts\":\"kuaishou:edit-a2-"
                + enterprise
                + ";douyin:edit-a-"
                + enterprise
                + "\"}");
    assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
    assertThat(moved.json().get("accounts").asString()).contains("kuaishou:edit-a2-" + enterprise);
    var taken =
        json(
            "PATCH",
            "/api/v1/registry/streamers/" + a,
            "{\"accounts\":\"douyin:edit-b-" + enterprise + "\"}");
    assertThat(taken.status()).isEqualTo(422);
    assertThat(taken.json().get("errors").toString()).contains("duplicate");

    String brandName = "品牌" + enterprise;
    assertThat(admin().post("/api/v1/registry/brands", Map.of("name", brandName)).status())
        .isEqualTo(201);
    assertThat(admin().post("/api/v1/registry/brands", Map.of("name", brandName + "乙")).status())
        .isEqualTo(201);
    long brand = idOf("brands", "name", brandName);
    var sellers =
        json(
            "PATCH",
            "/api/v1/registry/brands/" + brand,
            "{\"sellers\":\"" + uscc + "\",\"authorised_until\":\"2030-12-31\"}");
    assertThat(sellers.status()).as(sellers.toString()).isEqualTo(200);
    assertThat(sellers.json().get("sellers").asString()).isEqualTo(uscc);
    assertThat(sellers.json().get("authorised_until").asString()).isEqualTo("2030-12-31");
    var clash =
        json("PATCH", "/api/v1/registry/brands/" + brand, "{\"name\":\"" + brandName + "乙\"}");
    assertThat(clash.status()).isEqualTo(422);

    // The enterprise is an authorised seller now: it cannot go.
    var inUse = json("DELETE", "/api/v1/registry/enterprises/" + enterprise, null);
    assertThat(inUse.status()).isEqualTo(409);
    assertThat(inUse.json().get("references").get("brands").asLong()).isEqualTo(1);
    // The brand owns its seller list: deleting the brand takes it along.
    assertThat(json("DELETE", "/api/v1/registry/brands/" + brand, null).status()).isEqualTo(204);
    assertThat(json("DELETE", "/api/v1/registry/streamers/" + a, null).status()).isEqualTo(204);
    long accounts =
        jdbc.sql("SELECT COUNT(*) FROM streamer_account WHERE streamer_id = ?")
            .param(a)
            .query(Long.class)
            .single();
    assertThat(accounts).isZero();
  }

  @Test
  void aSubjectOthersReferToIsNotDeleted() {
    var room =
        admin()
            .post(
                "/api/v1/registry/rooms",
                Map.of(
                    "platform",
                    "douyin",
                    "room",
                    "edit-room-" + enterprise,
                    "enterprise",
                    uscc,
                    "jurisdiction",
                    district));
    assertThat(room.status()).as(room.toString()).isEqualTo(201);
    long roomId = idOf("rooms", "room", "edit-room-" + enterprise);

    var refused = json("DELETE", "/api/v1/registry/enterprises/" + enterprise, null);
    assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
    assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
    assertThat(refused.json().get("code").asString()).isEqualTo("subject-in-use");
    assertThat(refused.json().get("references").get("rooms").asLong()).isEqualTo(1);
    assertThat(refused.json().get("detail").asString()).contains("rooms");
    var tree = json("DELETE", "/api/v1/registry/jurisdictions/" + city, null);
    assertThat(tree.status()).isEqualTo(409);
    assertThat(tree.json().get("references").get("jurisdictions").asLong()).isEqualTo(1);
    var platform = json("DELETE", "/api/v1/registry/platforms/douyin", null);
    assertThat(platform.status()).isEqualTo(409);

    // The room's identity cannot change; its operator can.
    var rename = json("PATCH", "/api/v1/registry/rooms/" + roomId, "{\"room\":\"other-id\"}");
    assertThat(rename.status()).isEqualTo(422);
    var detach = json("PATCH", "/api/v1/registry/rooms/" + roomId, "{\"enterprise\":\"\"}");
    assertThat(detach.status()).as(detach.toString()).isEqualTo(200);
    assertThat(detach.json().get("enterprise")).isNull();

    assertThat(json("DELETE", "/api/v1/registry/enterprises/" + enterprise, null).status())
        .isEqualTo(204);
    assertThat(auditCount("registry.deleted", "registry:enterprises:" + enterprise)).isEqualTo(1);
    assertThat(json("DELETE", "/api/v1/registry/enterprises/" + enterprise, null).status())
        .isEqualTo(404);
    assertThat(json("DELETE", "/api/v1/registry/rooms/" + roomId, null).status()).isEqualTo(204);
    assertThat(json("DELETE", "/api/v1/registry/jurisdictions/" + district, null).status())
        .isEqualTo(204);
    assertThat(admin().get("/api/v1/registry/jurisdictions").body()).doesNotContain(district);
  }
}

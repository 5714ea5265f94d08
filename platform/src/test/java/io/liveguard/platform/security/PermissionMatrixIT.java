package io.liveguard.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.platform.Http;
import io.liveguard.platform.PlatformIT;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Every permission rule as a role × endpoint matrix: an allowed role never gets 401/403, a denied
 * role gets 403 (anonymous: 401), for API tokens and for a console session alike.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PermissionMatrixIT extends PlatformIT {
  static final Set<String> ALL = Set.of("admin", "analyst", "officer", "leader", "merchant");
  static final Set<String> STAFF = Set.of("admin", "analyst", "officer", "leader");

  record Endpoint(String method, String path, String body, Set<String> allowed) {}

  static final List<Endpoint> MATRIX =
      List.of(
          new Endpoint("GET", "/api/v1/me", null, ALL),
          new Endpoint("GET", "/api/v1/users", null, Set.of("admin")),
          new Endpoint("POST", "/api/v1/users", "{}", Set.of("admin")),
          new Endpoint("GET", "/api/v1/tokens", null, Set.of("admin")),
          new Endpoint("POST", "/api/v1/tokens", "{}", Set.of("admin")),
          new Endpoint("DELETE", "/api/v1/tokens/999999", null, Set.of("admin")),
          new Endpoint("POST", "/api/v1/events", "[]", Set.of("admin")),
          new Endpoint("GET", "/api/v1/registry/platforms", null, STAFF),
          new Endpoint("POST", "/api/v1/registry/platforms", "{}", Set.of("admin")),
          new Endpoint("POST", "/api/v1/registry/platforms/import", "[]", Set.of("admin")),
          new Endpoint("PUT", "/api/v1/registry/platforms/zz-none", "{}", Set.of("admin")),
          new Endpoint("PATCH", "/api/v1/registry/enterprises/999999", "{}", Set.of("admin")),
          new Endpoint("DELETE", "/api/v1/registry/brands/999999", null, Set.of("admin")),
          new Endpoint("GET", "/api/v1/rooms", null, ALL),
          new Endpoint("POST", "/api/v1/precheck", "{\"text\":\"全网最低价\"}", ALL),
          new Endpoint("GET", "/api/v1/leads", null, STAFF),
          new Endpoint("GET", "/api/v1/leads/overdue", null, STAFF),
          new Endpoint("GET", "/api/v1/leads/999999", null, STAFF),
          new Endpoint("GET", "/api/v1/leads/999999/audit", null, STAFF),
          new Endpoint("POST", "/api/v1/leads/999999/actions", "{\"action\":\"review\"}", STAFF),
          new Endpoint("GET", "/api/v1/evidence/999999", null, STAFF),
          new Endpoint("GET", "/api/v1/evidence/999999/package", null, STAFF),
          new Endpoint("GET", "/api/v1/audit", null, Set.of("admin", "leader")),
          new Endpoint("GET", "/api/v1/audit/verify", null, Set.of("admin", "leader")),
          new Endpoint("GET", "/api/v1/stats/rules", null, Set.of("admin", "analyst", "leader")),
          new Endpoint("GET", "/api/v1/rules", null, STAFF),
          new Endpoint("GET", "/api/v1/rules/changes", null, STAFF),
          new Endpoint("GET", "/api/v1/rules/ABS-FIRST", null, STAFF),
          new Endpoint(
              "POST",
              "/api/v1/rules/NO-SUCH-RULE/changes",
              "{\"action\":\"disable\",\"reason\":\"matrix\"}",
              Set.of("admin")),
          new Endpoint("GET", "/api/v1/stats/overview", null, Set.of("admin", "analyst", "leader")),
          new Endpoint("GET", "/api/v1/subjects", null, STAFF),
          new Endpoint("GET", "/api/v1/subjects/room/999999", null, STAFF),
          new Endpoint("GET", "/api/v1/risk/scores/room/999999", null, STAFF),
          new Endpoint("GET", "/api/v1/risk/ranking", null, STAFF),
          new Endpoint("GET", "/api/v1/risk/priorities", null, STAFF),
          new Endpoint("GET", "/api/v1/risk/my-rooms", null, ALL),
          new Endpoint("GET", "/api/v1/warnings", null, STAFF),
          new Endpoint("GET", "/api/v1/warnings/999999", null, STAFF),
          new Endpoint("GET", "/api/v1/warnings/999999/audit", null, STAFF),
          new Endpoint("POST", "/api/v1/warnings/999999/acknowledge", "{}", STAFF),
          new Endpoint("GET", "/api/v1/complaints", null, STAFF),
          new Endpoint("GET", "/api/v1/complaints/999999", null, STAFF),
          new Endpoint("GET", "/api/v1/complaints/999999/attachments/1", null, STAFF),
          new Endpoint(
              "POST", "/api/v1/complaints/999999/actions", "{\"action\":\"accept\"}", STAFF),
          new Endpoint("GET", "/api/v1/complaints/mine", null, ALL),
          new Endpoint("GET", "/api/v1/credit", null, STAFF),
          new Endpoint("GET", "/api/v1/credit/enterprise/999999", null, STAFF),
          new Endpoint("GET", "/api/v1/credit/export", null, Set.of("admin", "leader")),
          new Endpoint("GET", "/api/v1/blacklist", null, STAFF),
          new Endpoint("POST", "/api/v1/blacklist", "{}", Set.of("admin", "officer", "leader")),
          new Endpoint(
              "POST",
              "/api/v1/blacklist/999999/lift",
              "{\"reason\":\"x\"}",
              Set.of("admin", "officer", "leader")),
          new Endpoint("GET", "/api/v1/green/applications", null, ALL),
          new Endpoint("GET", "/api/v1/green/applications/999999", null, ALL),
          new Endpoint("GET", "/api/v1/green/criteria", null, ALL),
          new Endpoint(
              "POST",
              "/api/v1/green/applications",
              "{\"room\":999999}",
              Set.of("admin", "merchant")),
          new Endpoint(
              "POST",
              "/api/v1/green/applications/999999/review",
              "{\"decision\":\"award\"}",
              Set.of("admin", "officer", "leader")),
          new Endpoint(
              "POST",
              "/api/v1/green/applications/999999/revoke",
              "{\"reason\":\"x\"}",
              Set.of("admin", "officer", "leader")),
          new Endpoint("POST", "/api/v1/green/recheck", null, Set.of("admin")),
          new Endpoint("GET", "/api/v1/monitoring-tasks", null, STAFF),
          new Endpoint("GET", "/api/v1/monitoring-tasks/999999", null, STAFF),
          new Endpoint("GET", "/api/v1/monitoring-tasks/status", null, STAFF),
          new Endpoint("GET", "/api/v1/monitoring-tasks/slices", null, STAFF),
          new Endpoint(
              "GET", "/api/v1/monitoring-tasks/slices/" + "0".repeat(64) + "/package", null, STAFF),
          new Endpoint("POST", "/api/v1/monitoring-tasks", "{}", Set.of("admin", "analyst")),
          new Endpoint("PUT", "/api/v1/monitoring-tasks/999999", "{}", Set.of("admin", "analyst")),
          new Endpoint(
              "POST",
              "/api/v1/monitoring-tasks/999999/deactivate",
              "{}",
              Set.of("admin", "analyst")),
          new Endpoint("GET", "/api/v1/undocumented", null, Set.of()));

  /** Console pages (session only): allowed roles get the page, others 403, anonymous the login. */
  static final List<Endpoint> PAGES =
      List.of(
          new Endpoint("GET", "/dashboard", null, Set.of("admin", "analyst", "leader")),
          new Endpoint("GET", "/subjects", null, STAFF),
          new Endpoint("GET", "/subjects/room/999999", null, STAFF),
          new Endpoint("GET", "/rules", null, STAFF),
          new Endpoint("GET", "/rules/ABS-FIRST", null, STAFF),
          new Endpoint(
              "POST", "/rules/NO-SUCH-RULE/changes", "action=disable&reason=x", Set.of("admin")),
          new Endpoint("GET", "/precheck", null, ALL),
          new Endpoint(
              "POST", "/precheck", "text=%E5%85%A8%E7%BD%91%E6%9C%80%E4%BD%8E%E4%BB%B7", ALL),
          new Endpoint("POST", "/precheck/apply", "text=abc&all=true", ALL),
          new Endpoint("POST", "/precheck/download", "text=abc", ALL),
          new Endpoint("GET", "/monitoring", null, STAFF),
          new Endpoint("POST", "/monitoring", "name=x", Set.of("admin", "analyst")),
          new Endpoint("POST", "/monitoring/999999/deactivate", "x=1", Set.of("admin", "analyst")));

  final Map<String, Http> tokens = new LinkedHashMap<>();
  final Map<String, Http> sessions = new LinkedHashMap<>();

  @BeforeAll
  void users() {
    admin()
        .send(
            "POST",
            "/api/v1/registry/jurisdictions/import",
            "text/csv",
            "code,name,tier,parent\n320000,江苏省,province,\n320100,南京市,city,320000\n"
                + "320102,玄武区,district,320100\n",
            Map.of());
    var ent =
        admin()
            .post(
                "/api/v1/registry/enterprises",
                Map.of(
                    "uscc",
                    "91320102MA1N2B3C4D".substring(0, 17) + check("91320102MA1N2B3C4"),
                    "name",
                    "矩阵商家"));
    assertThat(ent.status()).as(ent.toString()).isEqualTo(201);
    long enterprise =
        admin().get("/api/v1/registry/enterprises").json().findValues("id").stream()
            .mapToLong(n -> n.asLong())
            .max()
            .orElseThrow();
    for (String role : List.of("analyst", "officer", "leader", "merchant")) {
      Map<String, Object> u = new HashMap<>();
      u.put("username", "matrix-" + role);
      u.put("password", "matrix-pass-" + role);
      u.put("role", role);
      if (role.equals("officer")) {
        u.put("jurisdiction", "320102");
      }
      if (role.equals("merchant")) {
        u.put("enterprise", enterprise);
      }
      var r = admin().post("/api/v1/users", u);
      assertThat(r.status()).as(r.toString()).isEqualTo(201);
      var t =
          admin().post("/api/v1/tokens", Map.of("name", "matrix", "username", "matrix-" + role));
      tokens.put(role, Http.bearer(port, t.json().get("secret").asString()));
      sessions.put(role, Http.session(port, "matrix-" + role, "matrix-pass-" + role));
    }
    tokens.put("admin", admin());
    sessions.put(
        "admin",
        Http.session(
            port,
            io.liveguard.platform.TestDatabase.ADMIN_USER,
            io.liveguard.platform.TestDatabase.ADMIN_PASSWORD));
  }

  static char check(String first17) {
    return io.liveguard.platform.registry.Uscc.checkCharacter(first17);
  }

  @TestFactory
  List<DynamicTest> roleByEndpoint() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Endpoint e : MATRIX) {
      for (String role : List.of("admin", "analyst", "officer", "leader", "merchant")) {
        for (String via : List.of("token", "session")) {
          tests.add(
              DynamicTest.dynamicTest(
                  role + " " + via + " " + e.method() + " " + e.path(),
                  () -> {
                    Http h = (via.equals("token") ? tokens : sessions).get(role);
                    var r =
                        h.send(
                            e.method(),
                            e.path(),
                            e.body() == null ? null : "application/json",
                            e.body(),
                            Map.of());
                    if (e.allowed().contains(role)) {
                      assertThat(r.status()).as(r.toString()).isNotIn(401, 403).isLessThan(500);
                    } else {
                      assertThat(r.status()).as(r.toString()).isEqualTo(403);
                      assertThat(r.json().get("code").asString()).isEqualTo("forbidden");
                    }
                  }));
        }
      }
      tests.add(
          DynamicTest.dynamicTest(
              "anonymous " + e.method() + " " + e.path(),
              () -> {
                var r =
                    anonymous()
                        .send(
                            e.method(),
                            e.path(),
                            e.body() == null ? null : "application/json",
                            e.body(),
                            Map.of());
                assertThat(r.status()).isEqualTo(401);
              }));
    }
    return tests;
  }

  @TestFactory
  List<DynamicTest> roleByConsolePage() {
    return pageMatrix(PAGES, List.of("session"));
  }

  /**
   * Each role reaches exactly the pages allowed to it, through each of {@code vias}; anonymous page
   * reads go to the login and anonymous form posts are refused (CSRF) before anything runs.
   */
  List<DynamicTest> pageMatrix(List<Endpoint> pages, List<String> vias) {
    List<DynamicTest> tests = new ArrayList<>();
    for (Endpoint e : pages) {
      String type = e.body() == null ? null : "application/x-www-form-urlencoded";
      for (String role : List.of("admin", "analyst", "officer", "leader", "merchant")) {
        for (String via : vias) {
          tests.add(
              DynamicTest.dynamicTest(
                  role + " " + via + " " + e.method() + " " + e.path(),
                  () -> {
                    Http h = (via.equals("token") ? tokens : sessions).get(role);
                    var r = h.send(e.method(), e.path(), type, e.body(), Map.of());
                    if (e.allowed().contains(role)) {
                      assertThat(r.status()).as(r.toString()).isNotIn(401, 403).isLessThan(500);
                    } else {
                      assertThat(r.status()).as(r.toString()).isEqualTo(403);
                    }
                  }));
        }
      }
      tests.add(
          DynamicTest.dynamicTest(
              "anonymous " + e.method() + " " + e.path(),
              () -> {
                var r = anonymous().send(e.method(), e.path(), type, e.body(), Map.of());
                if (e.method().equals("GET")) {
                  assertThat(r.status()).as(r.toString()).isEqualTo(302);
                  assertThat(r.header("Location")).endsWith("/login");
                } else {
                  assertThat(r.status()).as(r.toString()).isIn(302, 403);
                }
              }));
    }
    return tests;
  }

  @Test
  void theComplaintIntakeAndTheGreenListNeedNoLogin() {
    var r =
        anonymous()
            .post(
                "/api/v1/complaints",
                java.util.Map.of("name", "王五", "contact", "wangwu@example.com", "what", "矩阵测试"));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(
            anonymous()
                .post("/api/v1/complaints/status", java.util.Map.of("reference", "x", "key", "y"))
                .status())
        .isEqualTo(404);
    assertThat(anonymous().get("/api/v1/public/green-rooms").status()).isEqualTo(200);
    assertThat(anonymous().get("/green-rooms").status()).isEqualTo(200);
    assertThat(anonymous().get("/complaint").status()).isEqualTo(200);
  }

  /** Console pages (monitoring wall, review desk, cases): staff only; anonymous to the login. */
  static final List<Endpoint> CONSOLE_PAGES =
      List.of(
          new Endpoint("GET", "/wall", null, STAFF),
          new Endpoint("GET", "/wall?platform=douyin&risk=serious", null, STAFF),
          new Endpoint("GET", "/leads", null, STAFF),
          new Endpoint("GET", "/leads/999999", null, STAFF),
          new Endpoint("POST", "/leads/999999/actions", "action=review", STAFF),
          new Endpoint("GET", "/cases", null, STAFF),
          new Endpoint("GET", "/cases/999999", null, STAFF),
          new Endpoint("GET", "/cases/999999/dossier.pdf", null, STAFF),
          new Endpoint("GET", "/evidence/999999/media/" + "0".repeat(64), null, STAFF));

  @TestFactory
  List<DynamicTest> roleByMonitoringPage() {
    List<DynamicTest> tests = pageMatrix(CONSOLE_PAGES, List.of("token", "session"));
    // The wall's live feed never ends for staff (tested in ConsolePagesIT); others are refused.
    for (String via : List.of("token", "session")) {
      tests.add(
          DynamicTest.dynamicTest(
              "merchant " + via + " GET /wall/stream",
              () ->
                  assertThat(
                          (via.equals("token") ? tokens : sessions)
                              .get("merchant")
                              .get("/wall/stream")
                              .status())
                      .isEqualTo(403)));
    }
    tests.add(
        DynamicTest.dynamicTest(
            "anonymous GET /wall/stream",
            () -> assertThat(anonymous().get("/wall/stream").status()).isEqualTo(302)));
    return tests;
  }

  @Test
  void aMerchantSeesOnlyItsOwnRooms() {
    String uscc = "91320102MA1N2B3C4".substring(0, 17);
    String code = uscc + check(uscc);
    admin()
        .send(
            "POST",
            "/api/v1/registry/rooms/import",
            "text/csv",
            "platform,room,name,enterprise,jurisdiction\n"
                + "jd,m-own,自家直播间,"
                + code
                + ",320102\n"
                + "jd,m-other,别家直播间,,320102\n",
            Map.of());
    String rooms = tokens.get("merchant").get("/api/v1/rooms").body();
    assertThat(rooms).contains("m-own").doesNotContain("m-other");
    assertThat(tokens.get("officer").get("/api/v1/rooms").body()).contains("m-own", "m-other");
  }
}

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
          new Endpoint("GET", "/api/v1/undocumented", null, Set.of()));

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

package io.liveguard.platform.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.platform.Http;
import io.liveguard.platform.registry.Uscc;
import java.util.HashMap;
import java.util.Map;

/**
 * Subjects and users for the console tests: a province with two districts (西湖区 330106, 滨江区 330108),
 * an enterprise and a room in 西湖区 tagged per test class, and a hostile transcript.
 */
final class ConsoleFixture {
  static final String XSS_SCRIPT = "<script>alert(1)</script>";
  static final String XSS_IMG = "\"><img src=x onerror=alert(1)>";

  /** A transcript line carrying both payloads and a violation (全网最低价). */
  static final String HOSTILE = "家人们" + XSS_SCRIPT + "这款是全网最低价" + XSS_IMG + "快下单";

  final Http admin;
  final int port;
  final String tag;
  final String room;

  ConsoleFixture(Http admin, int port, String tag) {
    this.admin = admin;
    this.port = port;
    this.tag = tag;
    this.room = "ca-" + tag + "-1";
  }

  /** Imports what is missing of 浙江省 › 杭州市 › 西湖区, 滨江区 (other tests import some of them). */
  static synchronized void jurisdictions(Http admin) {
    for (String row :
        new String[] {
          "330000,浙江省,province,",
          "330100,杭州市,city,330000",
          "330106,西湖区,district,330100",
          "330108,滨江区,district,330100"
        }) {
      String code = row.substring(0, 6);
      String known = admin.get("/api/v1/registry/jurisdictions?limit=1000").body();
      if (known.contains("\"" + code + "\"")) {
        continue;
      }
      var r =
          admin.send(
              "POST",
              "/api/v1/registry/jurisdictions/import",
              "text/csv",
              "code,name,tier,parent\n" + row + "\n",
              Map.of());
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }
  }

  /** Registers the enterprise and the room (in 西湖区) of this fixture. */
  ConsoleFixture subjects(String first17) {
    jurisdictions(admin);
    String uscc = first17 + Uscc.checkCharacter(first17);
    var e =
        admin.post(
            "/api/v1/registry/enterprises",
            Map.of("uscc", uscc, "name", "杭州" + tag + "电商有限公司", "jurisdiction", "330106"));
    assertThat(e.status()).as(e.toString()).isEqualTo(201);
    var r =
        admin.post(
            "/api/v1/registry/rooms",
            Map.of(
                "platform",
                "douyin",
                "room",
                room,
                "name",
                "西湖好物" + tag + "直播间",
                "enterprise",
                uscc,
                "jurisdiction",
                "330106"));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return this;
  }

  /** Creates a user and returns a console session for them. */
  Http user(String role, String jurisdiction) {
    String name = "ca-" + tag + "-" + role + (jurisdiction == null ? "" : "-" + jurisdiction);
    Map<String, Object> u = new HashMap<>();
    u.put("username", name);
    u.put("password", "password-" + name);
    u.put("role", role);
    if (jurisdiction != null) {
      u.put("jurisdiction", jurisdiction);
    }
    var r = admin.post("/api/v1/users", u);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return Http.session(port, name, "password-" + name);
  }

  String username(String role, String jurisdiction) {
    return "ca-" + tag + "-" + role + (jurisdiction == null ? "" : "-" + jurisdiction);
  }

  String event(String id, String type, String at, String fields) {
    return "{\"id\":\"ca-"
        + tag
        + "-"
        + id
        + "\",\"type\":\""
        + type
        + "\",\"platform\":\"douyin\",\"room\":\""
        + room
        + "\",\"session\":\"s-"
        + tag
        + "\",\"at\":\""
        + at
        + "\""
        + fields
        + "}";
  }

  static String text(String s) {
    return ",\"text\":" + io.liveguard.platform.Http.JSON.writeValueAsString(s);
  }

  void ingest(String... events) {
    var r =
        admin.send(
            "POST", "/api/v1/events", "application/x-ndjson", String.join("\n", events), Map.of());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }

  /** The session start, a listing with a price, and the hostile transcript line. */
  void session() {
    ingest(
        event("1", "session_started", "2026-11-20T20:00:00+08:00", ""),
        event(
            "2",
            "listing",
            "2026-11-20T20:00:05+08:00",
            ",\"listing\":\"L-1\",\"title\":\"西湖龙井\\\"><img src=x onerror=alert(1)>\","
                + "\"price\":\"199.00\",\"original_price\":\"999.00\",\"category\":\"food\""),
        event(
            "3",
            "price",
            "2026-11-20T20:00:06+08:00",
            ",\"listing\":\"L-1\",\"price\":\"199.00\",\"source\":\"listing\""));
  }

  String hostileLine(String id, String at) {
    return event(id, "transcript", at, text(HOSTILE) + ",\"start_ms\":60000,\"end_ms\":63000");
  }
}

package io.liveguard.platform.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.platform.Http;
import io.liveguard.platform.PlatformIT;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

@ExtendWith(OutputCaptureExtension.class)
class IngestIT extends PlatformIT {
  @Autowired JdbcClient jdbc;

  static String transcript(String id, String room, String text) {
    return "{\"id\":\""
        + id
        + "\",\"type\":\"transcript\",\"platform\":\"kuaishou\",\"room\":\""
        + room
        + "\",\"session\":\"s1\",\"at\":\"2026-11-20T20:00:00+08:00\",\"text\":"
        + Http.JSON.writeValueAsString(text)
        + ",\"start_ms\":0,\"end_ms\":1000}";
  }

  long stored(String idPrefix) {
    return jdbc.sql("SELECT COUNT(*) FROM event WHERE event_id LIKE ?")
        .param(idPrefix + "%")
        .query(Long.class)
        .single();
  }

  Http.Response post(String contentType, String body) {
    return admin().send("POST", "/api/v1/events", contentType, body, Map.of());
  }

  @Test
  void duplicatesAreAcknowledgedWithoutEffect() {
    var first = post("application/json", "[" + transcript("dup-1", "r-dup", "你好") + "]");
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().get("results").get(0).get("status").asString()).isEqualTo("stored");
    var again =
        post(
            "application/json",
            "["
                + transcript("dup-1", "r-dup", "另一段文字")
                + ","
                + transcript("dup-2", "r-dup", "新的")
                + ","
                + transcript("dup-2", "r-dup", "同批重复")
                + "]");
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().get("stored").asInt()).isEqualTo(1);
    assertThat(again.json().get("duplicates").asInt()).isEqualTo(2);
    assertThat(again.json().get("results").get(0).get("status").asString()).isEqualTo("duplicate");
    assertThat(stored("dup-")).isEqualTo(2);
    String body =
        jdbc.sql("SELECT body FROM event WHERE event_id = 'dup-1'").query(String.class).single();
    assertThat(body).contains("你好");
  }

  @Test
  void jsonlLinesAreStoredCompactWhetherSentCompactOrNot() {
    String compact = transcript("compact-1", "r-compact", "原样保存 \"引号\"");
    String spaced =
        transcript("compact-2", "r-compact", "带空格 的 文本")
            .replace(",\"", ", \"")
            .replace("\":", "\": ");
    var r = post("application/x-ndjson", compact + "\n" + spaced + "\n");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().get("stored").asInt()).isEqualTo(2);
    String first =
        jdbc.sql("SELECT body FROM event WHERE event_id = 'compact-1'")
            .query(String.class)
            .single();
    assertThat(first).isEqualTo(compact);
    String second =
        jdbc.sql("SELECT body FROM event WHERE event_id = 'compact-2'")
            .query(String.class)
            .single();
    assertThat(second).doesNotContain(", \"").doesNotContain("\": ");
    assertThat(Http.JSON.readTree(second).get("text").asString()).isEqualTo("带空格 的 文本");
    // A refused line still refuses the whole batch, naming the event, whatever its spelling.
    var bad =
        post("application/x-ndjson", transcript("compact-3", "r-compact", "好") + "\n{\"id\":1}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(stored("compact-3")).isZero();
  }

  @Test
  void oneInvalidEventRefusesTheBatchAndNamesIt() {
    String bad =
        "{\"id\":\"bad-2\",\"type\":\"transcript\",\"platform\":\"kuaishou\",\"room\":\"r\","
            + "\"session\":\"s\",\"at\":\"2026-11-20T20:00:00\",\"text\":\"x\",\"start_ms\":0,\"end_ms\":1}";
    var r = post("application/json", "[" + transcript("bad-1", "r-bad", "好") + "," + bad + "]");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    assertThat(r.json().get("code").asString()).isEqualTo("events-invalid");
    var err = r.json().get("errors").get(0);
    assertThat(err.get("index").asInt()).isEqualTo(1);
    assertThat(err.get("field").asString()).isEqualTo("at");
    assertThat(err.get("message").asString()).contains("offset");
    assertThat(stored("bad-")).isZero();
  }

  @Test
  void hostileInputGetsA4xxProblemAndStoresNothing() {
    List<String[]> cases = new ArrayList<>();
    cases.add(new String[] {"application/json", "[{\"id\":\"h-1\",", "events-bad-json"});
    cases.add(new String[] {"application/json", "{\"events\": 5", "events-bad-json"});
    cases.add(new String[] {"application/json", "42", "events-not-array"});
    cases.add(new String[] {"application/json", "[]", "events-empty"});
    cases.add(
        new String[] {
          "application/json",
          "[{\"id\":\"h-2\",\"id\":\"h-3\",\"type\":\"chat\"}]",
          "events-bad-json"
        });
    cases.add(
        new String[] {
          "application/json",
          transcript("h-4", "r", "x").replace("\"start_ms\":0", "\"start_ms\":\"zero\""),
          "events-invalid"
        });
    cases.add(
        new String[] {
          "application/json",
          transcript("h-5", "r' OR '1'='1; DROP TABLE event;--", "x"),
          "events-invalid"
        });
    cases.add(
        new String[] {
          "application/json", transcript("h-6", "<script>alert(1)</script>", "x"), "events-invalid"
        });
    cases.add(
        new String[] {
          "application/json",
          transcript("h-7", "r", "x").replace("transcript", "gift"),
          "events-invalid"
        });
    cases.add(
        new String[] {
          "application/json", transcript("h-8", "r", "x".repeat(10_001)), "events-invalid"
        });
    cases.add(
        new String[] {"application/x-ndjson", "{\"id\":\"h-9\"\nnot json", "events-bad-jsonl"});
    cases.add(
        new String[] {
          "application/json", "[" + "[".repeat(100) + "]".repeat(100) + "]", "events-bad-json"
        });
    cases.add(new String[] {"text/plain", transcript("h-10", "r", "x"), "events-media-type"});
    for (String[] c : cases) {
      var r = post(c[0], c[1]);
      assertThat(r.status()).as(c[1].substring(0, Math.min(80, c[1].length()))).isBetween(400, 499);
      assertThat(r.json().get("code").asString())
          .as(c[1].substring(0, Math.min(80, c[1].length())))
          .isEqualTo(c[2]);
      assertThat(r.json().get("detail").asString()).isNotBlank();
    }
    assertThat(stored("h-")).isZero();
    assertThat(jdbc.sql("SELECT COUNT(*) FROM event").query(Long.class).single()).isNotNegative();
  }

  @Test
  void invalidUtf8IsRefused() {
    byte[] good = ("[" + transcript("u-1", "r", "AB") + "]").getBytes(StandardCharsets.UTF_8);
    String s = new String(good, StandardCharsets.UTF_8);
    int at = s.indexOf("AB");
    good[at] = (byte) 0xC3;
    good[at + 1] = (byte) 0x28;
    var r = admin().send("POST", "/api/v1/events", "application/json", good, Map.of());
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("code").asString()).isEqualTo("events-not-utf8");
    assertThat(stored("u-")).isZero();
  }

  @Test
  void oversizeBatchesAreRefusedWith413() {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i <= Ingest.MAX_BATCH; i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(transcript("big-" + i, "r-big", "x"));
    }
    b.append(']');
    var r = post("application/json", b.toString());
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.json().get("code").asString()).isEqualTo("events-batch-too-large");
    assertThat(stored("big-")).isZero();
    byte[] huge = new byte[IngestController.MAX_BODY + 10];
    java.util.Arrays.fill(huge, (byte) ' ');
    try {
      var h = admin().send("POST", "/api/v1/events", "application/json", huge, Map.of());
      assertThat(h.status()).isEqualTo(413);
    } catch (IllegalStateException e) {
      // The server answers 413 from the Content-Length and closes before the client has sent
      // the whole body; the client may see the reset instead of the answer.
      assertThat(e).hasMessageContaining("POST /api/v1/events");
    }
    assertThat(admin().get("/api/v1/me").status()).isEqualTo(200);
  }

  @Test
  void htmlAndSqlInsideTextAreStoredVerbatimAsData() {
    String text = "<img src=x onerror=alert(1)>'); DROP TABLE event;-- 全网最低价";
    var r = post("application/json", "[" + transcript("txt-1", "r-txt", text) + "]");
    assertThat(r.status()).isEqualTo(200);
    String body =
        jdbc.sql("SELECT body FROM event WHERE event_id = 'txt-1'").query(String.class).single();
    assertThat(Http.JSON.readTree(body).get("text").asString()).isEqualTo(text);
  }

  @Test
  void ingestNeedsAnAdminToken() {
    var r =
        anonymous()
            .send(
                "POST",
                "/api/v1/events",
                "application/json",
                "[" + transcript("a-1", "r", "x") + "]",
                Map.of());
    assertThat(r.status()).isEqualTo(401);
    assertThat(stored("a-")).isZero();
  }

  @Test
  void aBatchTheDatabaseRefusesIsLoggedByItsFirstEventAndAnsweredWithoutInternals(
      CapturedOutput output) {
    // A real, persistent database error: a constraint that refuses this one event id.
    jdbc.sql("ALTER TABLE event ADD CONSTRAINT it_poison CHECK (event_id <> 'poison-2')").update();
    try {
      String batch =
          "["
              + transcript("poison-1", "r-poison", "好")
              + ","
              + transcript("poison-2", "r-poison", "好")
              + "]";
      for (int attempt = 0; attempt < 2; attempt++) {
        var r = post("application/json", batch);
        assertThat(r.status()).as(r.toString()).isEqualTo(500);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.json().get("code").asString()).isEqualTo("events-store-failed");
        assertThat(r.json().get("detail").asString()).contains("poison-1");
        assertThat(r.body().toLowerCase())
            .doesNotContain("it_poison")
            .doesNotContain("constraint")
            .doesNotContain("sql")
            .doesNotContain("exception");
      }
      assertThat(stored("poison-")).isZero();
      assertThat(output.getAll())
          .contains("batch of 2 events starting with poison-1 failed, not acknowledged");
    } finally {
      jdbc.sql("ALTER TABLE event DROP CONSTRAINT it_poison").update();
    }
    var r =
        post(
            "application/json",
            "["
                + transcript("poison-1", "r-poison", "好")
                + ","
                + transcript("poison-2", "r-poison", "好")
                + "]");
    assertThat(r.status()).isEqualTo(200);
    assertThat(stored("poison-")).isEqualTo(2);
  }
}

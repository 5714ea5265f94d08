package io.liveguard.platform.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.platform.PlatformIT;
import io.liveguard.platform.analysis.LiveAnalysis;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A session whose stream fell silent without session_ended is closed, audited and reopened. */
class SessionReaperIT extends PlatformIT {
  @Autowired SessionReaper reaper;
  @Autowired JdbcClient jdbc;
  @Autowired LiveAnalysis analysis;

  /** Ingests and waits for the analysis, which registers session starts and ends. */
  void ingest(String ndjson) {
    ingestLines(ndjson);
    analysis.drain();
  }

  static String event(String id, String type, String room, String at, String text) {
    return "{\"id\":\""
        + id
        + "\",\"type\":\""
        + type
        + "\",\"platform\":\"douyin\",\"room\":\""
        + room
        + "\",\"session\":\"s-1\",\"at\":\""
        + at
        + "\""
        + (text == null ? "" : ",\"text\":\"" + text + "\",\"start_ms\":0,\"end_ms\":1000")
        + "}";
  }

  Map<String, Object> session(String room) {
    return jdbc.sql(
            "SELECT s.ended_at, s.end_reason, s.closed_at FROM live_session s JOIN room r ON r.id"
                + " = s.room_id WHERE r.platform = 'douyin' AND r.external_id = ? AND"
                + " s.external_id = 's-1'")
        .param(room)
        .query()
        .singleRow();
  }

  @Test
  void aSessionSilentForTheTimeoutIsClosedAuditedAndReopenedByItsNextEvents() throws Exception {
    String room = "dy-silent-" + System.nanoTime();
    String target = "session:douyin:" + room + ":s-1";
    ingest(
        event(room + "-1", "session_started", room, "2026-11-21T20:00:00+08:00", null)
            + "\n"
            + event(room + "-2", "transcript", room, "2026-11-21T20:05:00+08:00", "家人们好"));
    assertThat(reaper.check().closed()).doesNotContain(target);
    assertThat(session(room).get("ended_at")).isNull();

    // The stream fell silent: its events arrived two hours ago and nothing came since.
    jdbc.sql("UPDATE event SET received_at = ? WHERE platform = 'douyin' AND room = ?")
        .params(OffsetDateTime.now(ZoneOffset.UTC).minusHours(2), room)
        .update();
    // An open wall is told at once (its live feed), not at its next page load. (The feed first
    // replays the room's stored events, its session_started among them.)
    var client = java.net.http.HttpClient.newHttpClient();
    var feed =
        client
            .sendAsync(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/wall/stream"))
                    .header(
                        "Authorization", "Bearer " + io.liveguard.platform.TestDatabase.ADMIN_TOKEN)
                    .header("Accept", "text/event-stream")
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofLines())
            .get(30, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(feed.statusCode()).isEqualTo(200);
    assertThat(reaper.check().closed()).contains(target);
    var pushed =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () ->
                feed.body()
                    .filter(
                        l -> l.startsWith("data:") && l.contains(room) && l.contains("\"reason\""))
                    .findFirst()
                    .orElse(""));
    String status;
    try {
      status = pushed.get(30, java.util.concurrent.TimeUnit.SECONDS);
    } finally {
      feed.body().close(); // the wall goes away
    }
    assertThat(status).contains("\"status\":\"ended\"", "\"reason\":\"silent\"");
    Map<String, Object> closed = session(room);
    assertThat(closed.get("end_reason")).isEqualTo("silent");
    assertThat(closed.get("closed_at")).isNotNull();
    // its end is its last event's time, not the time it was noticed
    assertThat(
            jdbc.sql(
                    "SELECT COUNT(*) FROM live_session s JOIN room r ON r.id = s.room_id WHERE"
                        + " r.external_id = ? AND s.ended_at = ?")
                .params(room, OffsetDateTime.parse("2026-11-21T20:05:00+08:00"))
                .query(Long.class)
                .single())
        .isEqualTo(1);
    assertThat(admin().get("/api/v1/audit").body()).contains("session.silent", target, "PT30M");
    assertThat(reaper.check().closed()).doesNotContain(target);

    // It speaks again: reopened.
    ingest(event(room + "-3", "transcript", room, "2026-11-21T22:30:00+08:00", "我们回来了"));
    assertThat(reaper.check().resumed()).contains(target);
    Map<String, Object> open = session(room);
    assertThat(open.get("ended_at")).isNull();
    assertThat(open.get("end_reason")).isNull();
    assertThat(admin().get("/api/v1/audit").body()).contains("session.resumed", room + "-3");

    // Closed for silence once more, then its own session_ended replaces the silent close.
    jdbc.sql("UPDATE event SET received_at = ? WHERE platform = 'douyin' AND room = ?")
        .params(OffsetDateTime.now(ZoneOffset.UTC).minusHours(1), room)
        .update();
    assertThat(reaper.check().closed()).contains(target);
    ingest(event(room + "-4", "session_ended", room, "2026-11-21T23:00:00+08:00", null));
    Map<String, Object> ended = session(room);
    assertThat(ended.get("end_reason")).isNull();
    assertThat(ended.get("ended_at")).isNotNull();
    assertThat(reaper.check().resumed()).doesNotContain(target);
  }
}

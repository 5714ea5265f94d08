package io.liveguard.platform.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.liveguard.media.ffmpeg.Ffmpeg;
import io.liveguard.media.task.CoverageScheduler;
import io.liveguard.media.testmedia.LoopbackHlsServer;
import io.liveguard.media.testmedia.TestMedia;
import io.liveguard.platform.EvidencePackage;
import io.liveguard.platform.Http;
import io.liveguard.platform.PlatformIT;
import io.liveguard.platform.analysis.LiveAnalysis;
import io.liveguard.platform.evidence.EvidenceSealer;
import io.liveguard.platform.risk.RiskFeed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Non-intrusive monitoring end to end on the real application, database, ffmpeg and PP-OCR: a task
 * created through the API on a room whose stream is served over local HLS; once the room's session
 * starts, a capture worker reads the banner on screen, its events go through the ingest path, and
 * the live analysis raises a lead whose evidence holds the frame. Then an early warning raises a
 * room past the others, and an ended session and a deactivated task stop their workers. Hostile
 * input is refused with actionable problems. Fails (never skips) when ffmpeg or the models are
 * missing: run scripts/fetch-models.sh.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestPropertySource(
    properties = {
      "liveguard.monitor.enabled=true",
      "liveguard.monitor.period=PT2S",
      "liveguard.monitor.captures=2",
      "liveguard.monitor.speech=1",
      "liveguard.monitor.asr=sphinx4",
      "liveguard.monitor.allow-loopback=true"
    })
class MonitoringIT extends PlatformIT {
  static final Path MEDIA_DIR;

  static {
    try {
      MEDIA_DIR = Files.createTempDirectory("liveguard-monitor-media");
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @DynamicPropertySource
  static void mediaDir(DynamicPropertyRegistry r) {
    r.add("liveguard.monitor.media-dir", MEDIA_DIR::toString);
  }

  @Autowired MonitorRuntime runtime;
  @Autowired MonitorHealth health;
  @Autowired LiveAnalysis analysis;
  @Autowired RiskFeed feed;
  @Autowired EvidenceSealer sealer;
  @Autowired JdbcClient jdbc;

  final Ffmpeg ffmpeg = Ffmpeg.locate();
  LoopbackHlsServer hls;
  long firstTask;
  long secondTask;
  String sliceId;

  @BeforeAll
  void registry() throws Exception {
    imports(
        "jurisdictions",
        "text/csv",
        "code,name,tier,parent\n440000,广东省,province,\n440300,深圳市,city,440000\n"
            + "440305,南山区,district,440300\n440306,宝安区,district,440300\n");
    imports(
        "rooms",
        "text/csv",
        "platform,room,name,jurisdiction\n"
            + "douyin,mon-a,南山监测直播间,440305\n"
            + "douyin,mon-b,宝安一号直播间,440306\n"
            + "douyin,mon-c,宝安二号直播间,440306\n"
            + "douyin,mon-d,宝安三号直播间,440306\n");
    // the runtime locates ffmpeg and checks the models off the start-up path: wait for it, and
    // fail (not skip) when it disabled itself
    waitFor(() -> !runtime.status().get("state").equals("starting"), 120, "monitoring start-up");
    assertThat(runtime.status().get("state"))
        .as("monitoring must run here (ffmpeg and models present): %s", runtime.status())
        .isEqualTo("running");
    assertThat(health.health().getDetails()).containsEntry("state", "running");
    assertThat(anonymous().get("/actuator/health").body()).contains("\"status\":\"UP\"");
  }

  @AfterAll
  void close() {
    if (hls != null) {
      hls.close();
    }
  }

  void imports(String kind, String type, String body) {
    var r = admin().send("POST", "/api/v1/registry/" + kind + "/import", type, body, Map.of());
    assertThat(r.status()).as(kind + " " + r).isLessThan(300);
  }

  String event(String id, String room, String session, String type, String fields) {
    return "{\"id\":\""
        + id
        + "\",\"type\":\""
        + type
        + "\",\"platform\":\"douyin\",\"room\":\""
        + room
        + "\",\"session\":\""
        + session
        + "\",\"at\":\""
        + OffsetDateTime.now(ZoneOffset.UTC)
        + "\""
        + fields
        + "}";
  }

  void ingest(List<String> events) {
    ingestLines(String.join("\n", events));
    analysis.drain();
    feed.drain();
  }

  static void waitFor(BooleanSupplier c, int seconds, String what) throws InterruptedException {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    while (!c.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
      }
      Thread.sleep(200);
    }
  }

  Http.Response task(Map<String, Object> body) {
    return admin().post("/api/v1/monitoring-tasks", body);
  }

  static Map<String, Object> body(String name, List<Map<String, Object>> rooms, int priority) {
    Map<String, Object> b = new HashMap<>();
    b.put("name", name);
    b.put("rooms", rooms);
    b.put("elements", List.of("screen"));
    b.put("priority", priority);
    return b;
  }

  static Map<String, Object> room(String room, String stream) {
    return Map.of("platform", "douyin", "room", room, "stream", stream);
  }

  @Test
  @Order(0)
  void speechOfALiveRoomIsTranscribedAndIngested(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    TestMedia media = new TestMedia(ffmpeg);
    Path phrase = media.speech(dir.resolve("p.wav"), "en-us", "this is the lowest price anywhere");
    // said three times: one utterance is recognised as other words now and then (below)
    Path audio = media.sequence(dir.resolve("a.wav"), List.of(phrase, phrase, phrase), 1.0, 13);
    Path video = media.video(MEDIA_DIR.resolve("speech.mp4"), 320, 180, 13, List.of(), audio);
    Map<String, Object> b = body("语音测试", List.of(room("mon-b", video.toString())), 1);
    b.put("elements", List.of("speech"));
    var created = task(b);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    long id = created.json().get("id").asLong();
    assertThat(runtime.status()).containsEntry("speech", 1).containsEntry("asr", "sphinx4");
    ingest(List.of(event("mon-b-speech-start", "mon-b", "s-speech", "session_started", "")));

    // capture → Silero VAD → sphinx4 (English: no Mandarin engine runs here) → ingest. sphinx4 is
    // weak on espeak-ng speech (it has heard this phrase as "it's it's not always right and
    // where"), so the phrase is said three times and any of its transcripts may carry the words.
    java.util.function.Supplier<List<String>> transcripts =
        () ->
            jdbc.sql(
                    "SELECT body FROM event WHERE room = 'mon-b' AND session = 's-speech' AND"
                        + " event_type = 'transcript' AND event_id LIKE 'mon:%' ORDER BY seq")
                .query(String.class)
                .list();
    waitFor(
        () -> transcripts.get().stream().anyMatch(t -> t.contains("price") || t.contains("lowest")),
        180,
        "a transcript of douyin:mon-b with a spoken word (\"lowest\", \"price\")");
    assertThat(transcripts.get()).allMatch(t -> t.contains("\"engine\":\"sphinx4\""));

    assertThat(admin().post("/api/v1/monitoring-tasks/" + id + "/deactivate", "{}").status())
        .isEqualTo(200);
    ingest(List.of(event("mon-b-speech-end", "mon-b", "s-speech", "session_ended", "")));
    runtime.runRound();
    waitFor(() -> !runtime.workers().containsKey("douyin:mon-b"), 120, "douyin:mon-b stopped");
  }

  @Test
  @Order(1)
  void aTaskOnALiveHlsStreamFeedsTheAnalysisAndALeadWithTheFrameAppears(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    TestMedia media = new TestMedia(ffmpeg);
    Path video =
        media.video(
            dir.resolve("v.ts"),
            1280,
            720,
            30,
            List.of(TestMedia.Banner.of("全网最低价 仅限今天 ¥99", 1, 30)),
            null);
    media.hls(dir.resolve("hls"), video, 1);

    var created = task(body("南山重点直播间", List.of(room("mon-a", "http://127.0.0.1:1/x.m3u8")), 3));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    firstTask = created.json().get("id").asLong();
    assertThat(created.header("Location")).endsWith("/api/v1/monitoring-tasks/" + firstTask);
    assertThat(created.json().get("createdBy").asString()).isEqualTo("admin");
    assertThat(created.json().get("schedule").get("continuous").asBoolean()).isTrue();

    // the live origin starts its clock now; the task is pointed at it by an update (audited)
    hls = LoopbackHlsServer.start(dir.resolve("hls"), true);
    var b = body("南山重点直播间", List.of(room("mon-a", hls.liveUrl())), 3);
    var updated =
        admin()
            .send(
                "PUT",
                "/api/v1/monitoring-tasks/" + firstTask,
                "application/json",
                Http.JSON.writeValueAsString(b),
                Map.of());
    assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
    assertThat(updated.json().get("rooms").get(0).get("stream").asString())
        .isEqualTo(hls.liveUrl());
    assertThat(admin().get("/api/v1/monitoring-tasks/" + firstTask).json().get("rooms").toString())
        .contains("南山监测直播间");

    // not live yet: nothing is captured
    runtime.runRound();
    assertThat(runtime.workers()).doesNotContainKey("douyin:mon-a");

    ingest(
        List.of(
            event("mon-a-start", "mon-a", "s-mon-a", "session_started", ""),
            event(
                "mon-a-listing",
                "mon-a",
                "s-mon-a",
                "listing",
                ",\"listing\":\"L-mon-a\",\"title\":\"监测测试商品\",\"price\":199")));
    waitFor(() -> runtime.workers().containsKey("douyin:mon-a"), 60, "a worker for douyin:mon-a");
    assertThat(runtime.workers().get("douyin:mon-a").get("session")).isEqualTo("s-mon-a");

    // the banner, read by PP-OCR from the live stream, arrives through the ingest path
    waitFor(
        () ->
            jdbc.sql(
                        "SELECT COUNT(*) FROM event WHERE room = 'mon-a' AND session = 's-mon-a'"
                            + " AND event_type = 'screen_text' AND event_id LIKE 'mon:%'")
                    .query(Long.class)
                    .single()
                > 0,
        120,
        "screen text of douyin:mon-a in the event table");
    String body =
        jdbc.sql(
                "SELECT body FROM event WHERE room = 'mon-a' AND event_type = 'screen_text' ORDER"
                    + " BY seq")
            .query(String.class)
            .list()
            .toString();
    assertThat(body.replace(" ", "")).contains("全网最低价");
    assertThat(body).contains("\"frame\":\"sha256:");
    // ffmpeg fetched the playlist and its segments through the egress proxy, which refused none
    var egress = admin().get("/api/v1/monitoring-tasks/status").json();
    assertThat(egress.get("egressForwarded").asLong()).as(egress.toString()).isGreaterThan(1);
    assertThat(egress.get("egressRefused").toString()).doesNotContain("127.0.0.1");
    // the price tag on the banner is a price observation of the listing on sale
    waitFor(
        () ->
            jdbc.sql(
                        "SELECT COUNT(*) FROM event WHERE room = 'mon-a' AND event_type = 'price'"
                            + " AND event_id LIKE 'mon:%'")
                    .query(Long.class)
                    .single()
                > 0,
        60,
        "a price event of douyin:mon-a");
    assertThat(
            jdbc.sql("SELECT body FROM event WHERE room = 'mon-a' AND event_type = 'price'")
                .query(String.class)
                .list()
                .get(0))
        .contains("\"listing\":\"L-mon-a\"", "\"price\":99", "\"source\":\"listing\"");

    // the live analysis raises a lead on it, with the frame fixed as evidence
    JsonNode[] lead = new JsonNode[1];
    waitFor(
        () -> {
          analysis.drain();
          for (JsonNode l : admin().get("/api/v1/leads?room=mon-a&session=s-mon-a").json()) {
            if (l.get("findings").toString().contains("最低价")) {
              lead[0] = l;
              return true;
            }
          }
          return false;
        },
        60,
        "a lead on douyin:mon-a");
    JsonNode finding = null;
    for (JsonNode f : lead[0].get("findings")) {
      if (f.get("matched").asString().contains("最低价")) {
        finding = f;
      }
    }
    assertThat(finding).as(lead[0].toString()).isNotNull();
    assertThat(finding.get("events").toString()).contains("mon:");
    assertThat(lead[0].get("jurisdiction").asString()).isEqualTo("440305");
    var zip = admin().get(finding.get("evidence").get(0).get("package").asString());
    assertThat(zip.status()).as(zip.toString()).isEqualTo(200);
    var evidence = new EvidencePackage(zip.bytes());
    assertThat(evidence.verify(sealer.vault().trustPolicy()).failures()).isEmpty();
    assertThat(evidence.roles()).contains("frame", "event", "finding");

    // the worker also sealed the media slice (TS segments and frame) around its finding
    waitFor(
        () ->
            jdbc.sql("SELECT COUNT(*) FROM monitor_slice WHERE room = 'mon-a'")
                    .query(Long.class)
                    .single()
                > 0,
        60,
        "a media slice of douyin:mon-a");
    JsonNode slices = admin().get("/api/v1/monitoring-tasks/slices?room=douyin:mon-a").json();
    assertThat(slices.size()).as(slices.toString()).isPositive();
    assertThat(slices.get(0).get("event").asString()).startsWith("mon:");
    sliceId = slices.get(0).get("evidenceId").asString();
    var slicePackage = admin().get(slices.get(0).get("package").asString());
    assertThat(slicePackage.status()).as(slicePackage.toString()).isEqualTo(200);
    var slice = new EvidencePackage(slicePackage.bytes());
    assertThat(slice.verify(sealer.vault().trustPolicy()).failures()).isEmpty();
    assertThat(slice.roles()).contains("clip", "frame");

    // the round report shows the plan
    JsonNode status = admin().get("/api/v1/monitoring-tasks/status").json();
    assertThat(status.get("state").asString()).isEqualTo("running");
    assertThat(status.get("rounds").asLong()).isPositive();
    assertThat(status.get("lastRound").get("plan").toString()).contains("douyin:mon-a");

    // every change is in the audit trail
    String audit = admin().get("/api/v1/audit").body();
    assertThat(audit)
        .contains(
            "monitoring_task.created", "monitoring_task.updated", "monitoring_task:" + firstTask);

    // deactivated: the worker stops at the next round
    var off =
        admin()
            .post(
                "/api/v1/monitoring-tasks/" + firstTask + "/deactivate", Map.of("reason", "专项结束"));
    assertThat(off.status()).as(off.toString()).isEqualTo(200);
    assertThat(off.json().get("active").asBoolean()).isFalse();
    runtime.runRound();
    waitFor(() -> !runtime.workers().containsKey("douyin:mon-a"), 60, "douyin:mon-a stopped");
    assertThat(runtime.runRound().round().plan().eligible()).isZero();
    assertThat(admin().get("/api/v1/audit").body()).contains("monitoring_task.deactivated", "专项结束");
  }

  @Test
  @Order(2)
  void anEarlyWarningRaisesARoomAndEndedSessionsStopTheirWorkers() throws Exception {
    Path video =
        new TestMedia(ffmpeg).video(MEDIA_DIR.resolve("room.mp4"), 320, 180, 120, List.of(), null);
    var created =
        task(
            body(
                "宝安常规巡查",
                List.of(
                    room("mon-b", video.toString()),
                    room("mon-c", video.toString()),
                    room("mon-d", video.toString())),
                1));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    secondTask = created.json().get("id").asLong();
    ingest(
        List.of(
            event("mon-b-start", "mon-b", "s-b", "session_started", ""),
            event("mon-c-start", "mon-c", "s-c", "session_started", ""),
            event("mon-d-start", "mon-d", "s-d", "session_started", "")));

    // three live rooms of equal weight, two capture slots: each gets two thirds of a slot
    MonitorRuntime.RoundReport before = runtime.runRound();
    assertThat(before.round().plan().eligible()).isEqualTo(3);
    assertThat(runtime.raisedPriority("douyin:mon-d")).isZero();
    assertThat(before.round().plan().watched())
        .isNotEmpty()
        .allSatisfy(a -> assertThat(a.share()).isCloseTo(2.0 / 3, within(1e-9)));

    // six findings in a day against no history: a findings_jump warning on mon-d
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      events.add(
          event(
              "mon-d-say-" + i,
              "mon-d",
              "s-d",
              "transcript",
              ",\"text\":\"这是全网最低价，第"
                  + i
                  + "波\",\"start_ms\":"
                  + (i * 1000)
                  + ",\"end_ms\":"
                  + (i * 1000 + 900)));
    }
    ingest(events);
    assertThat(admin().get("/api/v1/risk/priorities").body()).contains("\"room\":\"mon-d\"");

    // the warning raises the room through the RoomPriorities hook: a full slot, every round
    MonitorRuntime.RoundReport raised = runtime.runRound();
    assertThat(runtime.raisedPriority("douyin:mon-d")).isGreaterThanOrEqualTo(2);
    if (share(raised, "douyin:mon-d") == 0) {
      // stride scheduling: a room owed less than its peers may wait one more round at most
      raised = runtime.runRound();
    }
    assertThat(share(raised, "douyin:mon-d")).as(raised.toString()).isEqualTo(1.0);
    for (int i = 0; i < 3; i++) {
      MonitorRuntime.RoundReport r = runtime.runRound();
      assertThat(r.round().plan().watched())
          .extracting(CoverageScheduler.Assignment::room)
          .contains("douyin:mon-d");
      assertThat(r.round().running()).hasSizeLessThanOrEqualTo(2);
    }
    waitFor(() -> runtime.workers().containsKey("douyin:mon-d"), 30, "a worker for douyin:mon-d");

    // the session ends: its worker stops and the room leaves the plan
    ingest(List.of(event("mon-d-end", "mon-d", "s-d", "session_ended", "")));
    MonitorRuntime.RoundReport ended = runtime.runRound();
    assertThat(ended.round().plan().eligible()).isEqualTo(2);
    waitFor(() -> !runtime.workers().containsKey("douyin:mon-d"), 60, "douyin:mon-d stopped");

    // the task is deactivated: every worker of it stops
    var off = admin().post("/api/v1/monitoring-tasks/" + secondTask + "/deactivate", "{}");
    assertThat(off.status()).as(off.toString()).isEqualTo(200);
    runtime.runRound();
    waitFor(() -> runtime.workers().isEmpty(), 60, "all workers stopped");
  }

  /** The share of {@code room} in the round's plan, 0 when it waits this round. */
  static double share(MonitorRuntime.RoundReport r, String room) {
    for (CoverageScheduler.Assignment a : r.round().plan().watched()) {
      if (a.room().equals(room)) {
        return a.share();
      }
    }
    return 0;
  }

  @Test
  @Order(3)
  void officersReadTasksOfTheirJurisdictionOnly() {
    Map<String, Object> u = new HashMap<>();
    u.put("username", "mon-officer");
    u.put("password", "mon-officer-pass");
    u.put("role", "officer");
    u.put("jurisdiction", "440306");
    assertThat(admin().post("/api/v1/users", u).status()).isEqualTo(201);
    var t = admin().post("/api/v1/tokens", Map.of("name", "mon", "username", "mon-officer"));
    Http officer = Http.bearer(port, t.json().get("secret").asString());
    String list = officer.get("/api/v1/monitoring-tasks").body();
    assertThat(list).contains("宝安常规巡查").doesNotContain("南山重点直播间");
    assertThat(officer.get("/api/v1/monitoring-tasks/" + firstTask).status()).isEqualTo(404);
    assertThat(officer.get("/api/v1/monitoring-tasks/" + secondTask).status()).isEqualTo(200);
    var write = officer.post("/api/v1/monitoring-tasks", body("x", List.of(), 1));
    assertThat(write.status()).isEqualTo(403);
    assertThat(officer.get("/api/v1/monitoring-tasks/status").body()).doesNotContain("mon-a");
    assertThat(officer.get("/api/v1/monitoring-tasks/slices?room=douyin:mon-a").json().size())
        .isZero();
    assertThat(officer.get("/api/v1/monitoring-tasks/slices/" + sliceId + "/package").status())
        .isEqualTo(404);
    assertThat(admin().get("/api/v1/monitoring-tasks/slices?room=a%20b").status()).isEqualTo(400);
  }

  record Hostile(String stream, String code) {}

  @Test
  @Order(4)
  void hostileStreamAddressesAndBodiesAreRefusedAndNothingIsStored() {
    int tasksBefore = admin().get("/api/v1/monitoring-tasks").json().size();
    long auditBefore = jdbc.sql("SELECT COUNT(*) FROM audit_entry").query(Long.class).single();
    String media = MEDIA_DIR.resolve("room.mp4").toString();
    for (Hostile h :
        List.of(
            new Hostile("file:///etc/passwd", "file-url"),
            new Hostile("concat:http://1.1.1.1/a.ts|file:/etc/passwd", "scheme"),
            new Hostile("subfile:/etc/passwd", "scheme"),
            new Hostile("/etc/passwd", "outside-media-dir"),
            new Hostile(MEDIA_DIR + "/../../etc/passwd", "outside-media-dir"),
            new Hostile("http://169.254.169.254/latest/meta-data/", "host-private"),
            new Hostile("http://10.1.2.3/live.m3u8", "host-private"),
            new Hostile("http://admin:hunter2@1.1.1.1/live.m3u8", "credentials"),
            new Hostile("https://1.1.1.1/" + "a".repeat(3000), "too-long"))) {
      var r = task(body("恶意地址", List.of(room("mon-b", h.stream())), 1));
      assertThat(r.status()).as(h + " " + r).isEqualTo(422);
      assertThat(r.header("Content-Type")).startsWith("application/problem+json");
      JsonNode p = r.json();
      assertThat(p.get("code").asString()).isEqualTo("monitor-task-invalid");
      assertThat(p.get("errors").get(0).get("field").asString()).isEqualTo("rooms[0].stream");
      assertThat(p.get("errors").get(0).get("code").asString()).isEqualTo(h.code());
      assertThat(p.get("errors").get(0).get("message").asString())
          .matches("(?s).*[\\u4e00-\\u9fff].*");
      // never echoed back: credentials and the hostile address itself
      assertThat(r.body())
          .doesNotContain("hunter2")
          .doesNotContain("/etc/passwd")
          .doesNotContain("aaaaaaaa");
    }
    // English on request
    var en =
        admin()
            .send(
                "POST",
                "/api/v1/monitoring-tasks",
                "application/json",
                Http.JSON.writeValueAsString(
                    body("x", List.of(room("mon-b", "file:///etc/passwd")), 1)),
                Map.of("Accept-Language", "en"));
    assertThat(en.json().get("errors").get(0).get("message").asString())
        .contains("file: addresses are refused");
    assertThat(en.json().get("title").asString()).isEqualTo("Invalid monitoring task");

    // other fields: every problem at once
    Map<String, Object> bad = new HashMap<>();
    bad.put("name", "");
    bad.put(
        "rooms",
        List.of(
            room("no-such-room", media),
            Map.of("platform", "douyin", "room", "a b", "stream", media, "evil", 1),
            Map.of("platform", "tmall_global", "room", "r-1", "stream", media)));
    bad.put("elements", List.of("listing", "smell"));
    bad.put("priority", 9);
    bad.put(
        "schedule",
        Map.of(
            "windows",
            List.of(Map.of("from", "25:00", "to", "20:00", "days", List.of("MON", "XYZ")))));
    bad.put("owner", "me");
    var r = task(bad);
    assertThat(r.status()).as(r.toString()).isEqualTo(422);
    assertThat(r.body())
        .contains(
            "\"field\":\"name\"",
            "\"field\":\"priority\"",
            "\"field\":\"owner\"",
            "\"field\":\"rooms[1].evil\"",
            "\"field\":\"rooms[1].room\"",
            "\"field\":\"elements[0]\"",
            "\"field\":\"elements[1]\"",
            "schedule.windows[0].from",
            "schedule.windows[0].days",
            "\"field\":\"rooms[2].platform\",\"code\":\"platform-unknown\"");
    // a well-formed task naming an unregistered room
    var unknown = task(body("x", List.of(room("no-such-room", media)), 1));
    assertThat(unknown.status()).isEqualTo(422);
    assertThat(unknown.json().get("errors").get(0).get("code").asString())
        .isEqualTo("unknown-room");

    // bodies: wrong type, duplicate keys, oversized, not JSON
    assertThat(
            admin().send("POST", "/api/v1/monitoring-tasks", "text/plain", "x", Map.of()).status())
        .isEqualTo(415);
    var dup = admin().post("/api/v1/monitoring-tasks", "{\"name\":\"a\",\"name\":\"b\"}");
    assertThat(dup.status()).isEqualTo(400);
    assertThat(dup.json().get("code").asString()).isEqualTo("monitor-bad-json");
    var huge =
        admin().post("/api/v1/monitoring-tasks", "{\"name\":\"" + "x".repeat(70_000) + "\"}");
    assertThat(huge.status()).isEqualTo(413);
    assertThat(admin().post("/api/v1/monitoring-tasks", "[1,2").status()).isEqualTo(400);
    assertThat(admin().get("/api/v1/monitoring-tasks?active=maybe").status()).isEqualTo(400);
    assertThat(admin().get("/api/v1/monitoring-tasks/999999").status()).isEqualTo(404);

    // nothing refused was stored or audited
    assertThat(admin().get("/api/v1/monitoring-tasks").json().size()).isEqualTo(tasksBefore);
    assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry").query(Long.class).single())
        .isEqualTo(auditBefore);
  }

  @Test
  @Order(5)
  void theConsolePageListsTasksAndTheLastRoundAndAddsATask() {
    Http session =
        Http.session(
            port,
            io.liveguard.platform.TestDatabase.ADMIN_USER,
            io.liveguard.platform.TestDatabase.ADMIN_PASSWORD);
    String page = session.get("/monitoring").body();
    assertThat(page).contains("宝安常规巡查", "南山重点直播间", "monitor-round");
    String media = MEDIA_DIR.resolve("room.mp4").toString();
    var refused =
        session.send(
            "POST",
            "/monitoring",
            "application/x-www-form-urlencoded",
            Http.formOf(
                Map.of(
                    "name", "<script>alert(1)</script>",
                    "platform", "douyin",
                    "room", "mon-b",
                    "stream", "file:///etc/shadow",
                    "screen", "on",
                    "priority", "2")),
            Map.of());
    assertThat(refused.status()).isEqualTo(200);
    assertThat(refused.body())
        .contains("monitor-errors", "&lt;script&gt;alert(1)&lt;/script&gt;")
        .doesNotContain("<script>alert(1)")
        .doesNotContain("/etc/shadow");
    var ok =
        session.send(
            "POST",
            "/monitoring",
            "application/x-www-form-urlencoded",
            Http.formOf(
                Map.of(
                    "name", "控制台任务",
                    "platform", "douyin",
                    "room", "mon-c",
                    "stream", media,
                    "screen", "on",
                    "priority", "2",
                    "from", "20:00",
                    "to", "02:00")),
            Map.of());
    assertThat(ok.status()).as(ok.toString()).isEqualTo(302);
    JsonNode tasks = admin().get("/api/v1/monitoring-tasks?active=true").json();
    assertThat(tasks.toString()).contains("控制台任务", "\"from\":\"20:00\"", "\"to\":\"02:00\"");
  }

  @Test
  @Order(6)
  void aRealBrowserAddsATaskThroughTheFormAndSeesItListed() throws Exception {
    try (var browser = new io.liveguard.platform.browser.Browser()) {
      var driver = browser.driver;
      String base = "http://localhost:" + port;
      driver.get(base + "/login");
      driver
          .findElement(org.openqa.selenium.By.name("username"))
          .sendKeys(io.liveguard.platform.TestDatabase.ADMIN_USER);
      driver
          .findElement(org.openqa.selenium.By.name("password"))
          .sendKeys(io.liveguard.platform.TestDatabase.ADMIN_PASSWORD);
      driver.findElement(org.openqa.selenium.By.cssSelector("form button[type=submit]")).click();
      browser
          .waiting(java.time.Duration.ofSeconds(30))
          .until(d -> !d.getCurrentUrl().contains("/login"));
      driver.get(base + "/monitoring");
      driver.findElement(org.openqa.selenium.By.name("name")).sendKeys("浏览器新增任务");
      driver.findElement(org.openqa.selenium.By.name("platform")).sendKeys("douyin");
      driver.findElement(org.openqa.selenium.By.name("room")).sendKeys("mon-d");
      driver
          .findElement(org.openqa.selenium.By.name("stream"))
          .sendKeys(MEDIA_DIR.resolve("room.mp4").toString());
      driver.findElement(org.openqa.selenium.By.cssSelector("#monitor-form button")).click();
      browser
          .waiting(java.time.Duration.ofSeconds(30))
          .until(
              d ->
                  d.findElement(org.openqa.selenium.By.id("monitor-tasks"))
                      .getText()
                      .contains("浏览器新增任务"));
      String text = driver.findElement(org.openqa.selenium.By.tagName("main")).getText();
      assertThat(text).contains("监测任务", "douyin:mon-d", "宝安三号直播间", "采集状态");
      browser.shoot("monitoring");
    }
  }

  @Test
  @Order(7)
  void shutdownStopsEveryWorker() throws Exception {
    var created =
        task(body("停机测试", List.of(room("mon-c", MEDIA_DIR.resolve("room.mp4").toString())), 5));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    runtime.runRound();
    waitFor(() -> runtime.workers().containsKey("douyin:mon-c"), 60, "a worker for douyin:mon-c");
    // what the application context does on shutdown
    runtime.stop();
    assertThat(runtime.workers()).isEmpty();
    assertThat(runtime.isRunning()).isFalse();
    assertThat(runtime.status().get("state")).isEqualTo("stopped");
  }
}

package io.liveguard.platform.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.platform.Http;
import io.liveguard.platform.LiveGuardApplication;
import io.liveguard.platform.TestDatabase;
import io.liveguard.platform.analysis.LiveAnalysis;
import io.liveguard.platform.ingest.IngestBacklog;
import io.liveguard.platform.registry.RegistrySellers;
import io.liveguard.platform.registry.Uscc;
import io.liveguard.stream.analysis.SessionRoomAnalyzer;
import io.liveguard.stream.client.FindingsSubscriber;
import io.liveguard.stream.client.PublishedFinding;
import io.liveguard.stream.client.ReferencePublisher;
import io.liveguard.stream.job.JobSettings;
import io.liveguard.stream.job.RoomAnalysisJob;
import io.liveguard.stream.reference.ReferenceData;
import io.liveguard.stream.testing.KraftBroker;
import io.liveguard.stream.testing.TopicIo;
import io.liveguard.stream.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;

/**
 * The platform in cluster mode end to end, on a real KRaft broker in this JVM and the Flink job in
 * a MiniCluster: events ingested through the API are published to Kafka, analysed by the job, and
 * its findings come back as leads through the same lead intake — the same leads and findings as the
 * platform in embedded mode gives for the same session; a replay of the findings topic makes no
 * second finding or lead.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "liveguard.analysis=cluster",
      "liveguard.cluster.group-id=platform-it",
      "liveguard.ingest.max-backlog=50",
      "liveguard.cluster.reference-interval=1s"
    })
@ContextConfiguration(initializers = {TestDatabase.class, ClusterModeIT.Cluster.class})
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ClusterModeIT {

  private static KraftBroker kafka;
  private static JobClient job;

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired FindingIntake intake;
  @Autowired EventRelay relay;
  @Autowired ClusterSettings settings;
  @Autowired ReferenceRelay reference;
  @Autowired IngestBacklog backlog;

  /** Starts the broker and the Flink job before the application, and points it at them. */
  static class Cluster implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    @Override
    public void initialize(ConfigurableApplicationContext context) {
      try {
        start();
      } catch (Exception e) {
        throw new IllegalStateException("cannot start Kafka and the Flink job", e);
      }
      context
          .getEnvironment()
          .getPropertySources()
          .addFirst(
              new MapPropertySource(
                  "liveguard-test-kafka",
                  Map.of("liveguard.cluster.bootstrap-servers", kafka.bootstrapServers())));
    }
  }

  private static synchronized void start() throws Exception {
    if (kafka != null) {
      return;
    }
    kafka = KraftBroker.start();
    kafka.createTopics(2, Topics.EVENTS, Topics.FINDINGS, Topics.REJECTED);
    // the job reads the reference topic from its start: it exists before the job does
    ReferencePublisher.createTopic(kafka.bootstrapServers(), Topics.REFERENCE, Map.of());
    JobSettings s =
        JobSettings.defaults(kafka.bootstrapServers())
            .withNames(Topics.EVENTS, Topics.FINDINGS, Topics.REJECTED, "platform-it-job")
            .withTiming(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(500))
            .withReference(Topics.REFERENCE, Set.of(ReferenceData.SELLERS, ReferenceData.RULES));
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    RoomAnalysisJob.checkpoint(env, s);
    RoomAnalysisJob.build(
        env,
        RoomAnalysisJob.kafkaSource(s, null),
        RoomAnalysisJob.referenceSource(s, null),
        RoomAnalysisJob.findingsSink(s),
        RoomAnalysisJob.rejectedSink(s),
        new SessionRoomAnalyzer(),
        s);
    job = env.executeAsync("platform-cluster-it");
  }

  @AfterAll
  static void stop() throws Exception {
    if (job != null) {
      job.cancel().get(60, TimeUnit.SECONDS);
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  static String event(String id, String type, String at, String fields) {
    return event("dy-cluster-1", "s-cluster-1", id, type, at, fields);
  }

  static String event(
      String room, String session, String id, String type, String at, String fields) {
    return "{\"id\":\""
        + id
        + "\",\"type\":\""
        + type
        + "\",\"platform\":\"douyin\",\"room\":\""
        + room
        + "\",\"session\":\""
        + session
        + "\",\"at\":\""
        + at
        + "\""
        + fields
        + "}";
  }

  /** The authorised seller of 香奈儿 in the registry, and a street shop that is not (at first). */
  static final String AUTHORISED_SHOP = "上海香奈儿授权专卖店";

  static final String STREET_SHOP = "潮包小铺";
  static final String AUTHORISED_USCC = uscc("9144030035TW8CLU1");
  static final String STREET_USCC = uscc("9144030035TW8CLU2");

  static String uscc(String first17) {
    return first17 + Uscc.checkCharacter(first17);
  }

  /** A bag listing of the street shop, far below Chanel's reference price. */
  static String bag(String room, String session, String id, String at) {
    return event(
        room,
        session,
        id,
        "listing",
        at,
        ",\"listing\":\"L-BAG\",\"title\":\"小香风链条包\",\"price\":\"299.00\","
            + "\"category\":\"luxury\",\"shop\":\""
            + STREET_SHOP
            + "\"");
  }

  static String said(String room, String session, String id, String at, String text) {
    return event(
        room,
        session,
        id,
        "transcript",
        at,
        ",\"text\":\"" + text + "\",\"start_ms\":0,\"end_ms\":3000");
  }

  /**
   * A session of the street shop in which the registry changes: its first half is analysed while
   * the shop is not an authorised seller of 香奈儿 (CF-BRAND-CUE-UNAUTHORISED), its second half after
   * the shop was added to the brand's sellers (CF-BRAND-CUE-LOW-PRICE, the price alone).
   */
  static final String BEFORE_CHANGE =
      String.join(
          "\n",
          event(
              "dy-cluster-2",
              "s-cluster-2",
              "cr-1",
              "session_started",
              "2026-11-20T21:00:00+08:00",
              ""),
          bag("dy-cluster-2", "s-cluster-2", "cr-2", "2026-11-20T21:00:05+08:00"),
          said(
              "dy-cluster-2",
              "s-cluster-2",
              "cr-3",
              "2026-11-20T21:01:00+08:00",
              "这个包和原版一模一样，五金都是原厂的"),
          // later events of another room carry the job's watermark past the first half
          event("dy-tick", "s-tick", "tick-1", "session_started", "2026-11-20T21:30:00+08:00", ""));

  static final String AFTER_CHANGE =
      String.join(
          "\n",
          said(
              "dy-cluster-2",
              "s-cluster-2",
              "cr-4",
              "2026-11-21T01:00:00+08:00",
              "跟原版一模一样的包，今天就这一批"),
          event(
              "dy-cluster-2",
              "s-cluster-2",
              "cr-5",
              "session_ended",
              "2026-11-21T01:30:00+08:00",
              ""),
          event(
              "dy-tick",
              "s-tick",
              "tick-2",
              "chat",
              "2026-11-21T02:00:00+08:00",
              ",\"user\":\"观众\",\"text\":\"好\""));

  /** Registers the authorised seller, the street shop, and 香奈儿 sold by the former only. */
  static void registerBrand(Http admin) {
    for (String[] e :
        new String[][] {{AUTHORISED_USCC, AUTHORISED_SHOP}, {STREET_USCC, STREET_SHOP}}) {
      var r = admin.post("/api/v1/registry/enterprises", Map.of("uscc", e[0], "name", e[1]));
      assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }
    var brand =
        admin.post(
            "/api/v1/registry/brands",
            Map.of("name", "香奈儿", "name_en", "Chanel", "sellers", AUTHORISED_USCC));
    assertThat(brand.status()).as(brand.toString()).isEqualTo(201);
  }

  /** The registry change in the middle of the session: the street shop becomes a seller. */
  static void authoriseStreetShop(Http admin) {
    var brands = admin.get("/api/v1/registry/brands").json();
    String id = null;
    for (JsonNode b : brands.has("items") ? brands.get("items") : brands) {
      if ("香奈儿".equals(b.path("name").asString())) {
        id = b.get("id").asString();
      }
    }
    assertThat(id).as("香奈儿 in " + brands).isNotNull();
    var r =
        admin.send(
            "PATCH",
            "/api/v1/registry/brands/" + id,
            "application/json",
            "{\"sellers\":\"" + AUTHORISED_USCC + ";" + STREET_USCC + "\"}",
            Map.of());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }

  /** Sends a batch, again after the Retry-After of a 503 (the backpressure of a loaded machine). */
  static void ingest(Http admin, String batch) throws InterruptedException {
    for (int attempt = 0; ; attempt++) {
      var r = admin.send("POST", "/api/v1/events", "application/x-ndjson", batch, Map.of());
      if (r.status() == 503 && attempt < 20) {
        Thread.sleep(1000L * Long.parseLong(r.header("Retry-After")));
        continue;
      }
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      return;
    }
  }

  static JsonNode leads(Http admin, String room, String session) {
    var r = admin.get("/api/v1/leads?room=" + room + "&session=" + session);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  /**
   * Waits until the job analyses with the reference data the platform published last: the job
   * applies it when it reads it (as the platform's analysis reads the registry when it checks), so
   * probe rooms of the street shop show when the job has it — their cue must raise {@code rule}.
   */
  void probeUntil(Http admin, String rule, String day) throws Exception {
    for (int n = 0; ; n++) {
      assertThat(n).as("probes before the job applied the reference data").isLessThan(40);
      String room = "dy-probe-" + day + "-" + n;
      String at = String.format("%sT%02d:%02d:00+08:00", day, 10 + n / 60, n % 60);
      String tick = String.format("%sT%02d:%02d:30+08:00", day, 10 + n / 60, n % 60);
      ingest(
          admin,
          String.join(
              "\n",
              bag(room, "s", "p-" + room + "-1", at),
              said(room, "s", "p-" + room + "-2", at, "和原版一模一样"),
              event(
                  "dy-tick",
                  "s-tick",
                  "tick-" + room,
                  "chat",
                  tick,
                  ",\"user\":\"观众\",\"text\":\"好\"")));
      JsonNode leads = null;
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (System.nanoTime() < deadline) {
        leads = leads(admin, room, "s");
        if (occurrences(leads) > 0) {
          break;
        }
        Thread.sleep(300);
      }
      assertThat(occurrences(leads)).as("findings of " + room).isPositive();
      if (leads.toString().contains("\"" + rule + "\"")) {
        return;
      }
    }
  }

  static final String SESSION =
      String.join(
          "\n",
          event("cl-1", "session_started", "2026-11-20T20:00:00+08:00", ""),
          event(
              "cl-2",
              "listing",
              "2026-11-20T20:00:05+08:00",
              ",\"listing\":\"L-1\",\"title\":\"纯棉T恤 最好的面料\",\"price\":\"99.00\","
                  + "\"original_price\":\"399.00\",\"category\":\"apparel\","
                  + "\"attributes\":{\"成分\":\"100%聚酯纤维\"}"),
          event(
              "cl-3",
              "price",
              "2026-11-20T20:00:10+08:00",
              ",\"listing\":\"L-1\",\"price\":\"99.00\",\"source\":\"listing\""),
          event(
              "cl-4",
              "transcript",
              "2026-11-20T20:01:00+08:00",
              ",\"text\":\"家人们，这款是全网最低价，纯棉的\",\"start_ms\":60000,\"end_ms\":63000"),
          event(
              "cl-5",
              "transcript",
              "2026-11-20T20:01:04+08:00",
              ",\"text\":\"香奈儿的包，和原版一模一样\",\"start_ms\":64000,\"end_ms\":67000"),
          event(
              "cl-6", "chat", "2026-11-20T20:01:10+08:00", ",\"user\":\"观众\",\"text\":\"国家级产品吗\""),
          event(
              "cl-7",
              "transcript",
              "2026-11-20T20:02:00+08:00",
              ",\"text\":\"原价三百九十九，今天只要九十九，仅限今天\",\"start_ms\":120000,\"end_ms\":125000"),
          // a later event moves the job's watermark past the session (the job analyses in event
          // time); the platform's analysis takes it too
          event("cl-8", "session_ended", "2026-11-20T20:30:00+08:00", ""));

  /** Leads as comparable text: family, severity, and each finding without ids and evidence. */
  static List<String> comparable(JsonNode leads) {
    List<String> out = new ArrayList<>();
    for (JsonNode l : leads) {
      Map<String, Object> m = new TreeMap<>();
      m.put("family", l.get("family").asString());
      m.put("severity", l.get("severity").asString());
      m.put("status", l.get("status").asString());
      List<String> findings = new ArrayList<>();
      for (JsonNode f : l.get("findings")) {
        Map<String, Object> g = new TreeMap<>();
        f.properties()
            .forEach(
                e -> {
                  if (!e.getKey().equals("evidence") && !e.getKey().equals("events")) {
                    g.put(e.getKey(), e.getValue().toString());
                  }
                });
        List<String> events = new ArrayList<>();
        f.get("events").forEach(e -> events.add(e.asString()));
        events.sort(null);
        g.put("events", events);
        g.put("evidence", f.get("evidence").size());
        findings.add(g.toString());
      }
      findings.sort(null);
      m.put("findings", findings);
      out.add(m.toString());
    }
    out.sort(null);
    return out;
  }

  private static int occurrences(JsonNode leads) {
    int n = 0;
    for (JsonNode l : leads) {
      for (JsonNode f : l.get("findings")) {
        n += f.get("occurrences").asInt();
      }
    }
    return n;
  }

  /** What the embedded mode gives: leads per room, and findings counted per stage. */
  record Expected(
      List<String> room1, List<String> room2, int findings1, int findings2, int half2) {}

  /**
   * The same sessions and registry changes through a second platform in embedded mode (fresh
   * database): the registry's sellers are reloaded right after each change, and the analysis runs
   * after each ingest.
   */
  private static Expected embedded() throws Exception {
    Map<String, Object> p = new HashMap<>(TestDatabase.properties());
    p.put("server.port", "0");
    p.put("liveguard.analysis", "embedded");
    // as command-line arguments, so that they win over application.yaml
    String[] args =
        p.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    try (ConfigurableApplicationContext app =
        new SpringApplicationBuilder(LiveGuardApplication.class).run(args)) {
      assertThat(app.getEnvironment().getProperty("liveguard.data"))
          .isEqualTo(p.get("liveguard.data"));
      int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
      Http admin = Http.bearer(port, TestDatabase.ADMIN_TOKEN);
      RegistrySellers sellers = app.getBean(RegistrySellers.class);
      LiveAnalysis analysis = app.getBean(LiveAnalysis.class);
      registerBrand(admin);
      sellers.reload();
      ingest(admin, SESSION + "\n" + BEFORE_CHANGE);
      analysis.drain();
      int half = occurrences(leads(admin, "dy-cluster-2", "s-cluster-2"));
      authoriseStreetShop(admin);
      sellers.reload();
      ingest(admin, AFTER_CHANGE);
      analysis.drain();
      JsonNode l1 = leads(admin, "dy-cluster-1", "s-cluster-1");
      JsonNode l2 = leads(admin, "dy-cluster-2", "s-cluster-2");
      return new Expected(comparable(l1), comparable(l2), occurrences(l1), occurrences(l2), half);
    }
  }

  private static int occurrences(Http admin, String room, String session) {
    return occurrences(leads(admin, room, session));
  }

  private static void awaitFindings(Http admin, String room, String session, int n)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline && occurrences(admin, room, session) < n) {
      Thread.sleep(500);
    }
  }

  @Test
  void ingestedEventsBecomeTheLeadsOfTheEmbeddedModeThroughKafkaAndFlink() throws Exception {
    assertThat(settings.cluster()).isTrue();
    Expected expected = embedded();
    assertThat(expected.room1()).as("embedded leads").hasSizeGreaterThanOrEqualTo(3);
    assertThat(expected.findings1()).isGreaterThanOrEqualTo(4);
    // the registry's sellers take part: the unlisted shops' cues, before and after the change
    assertThat(expected.room1().toString()).contains("CF-BRAND-CUE-UNAUTHORISED");
    assertThat(expected.room2().toString())
        .contains("CF-BRAND-CUE-UNAUTHORISED")
        .contains("CF-BRAND-CUE-LOW-PRICE");
    assertThat(expected.half2()).isPositive().isLessThan(expected.findings2());

    Http admin = Http.bearer(port, TestDatabase.ADMIN_TOKEN);
    registerBrand(admin);
    // the relay notices the registry change on its own (reference-interval 1 s here)
    probeUntil(admin, "CF-BRAND-CUE-UNAUTHORISED", "2026-11-19");
    ingest(admin, SESSION + "\n" + BEFORE_CHANGE);
    awaitFindings(admin, "dy-cluster-1", "s-cluster-1", expected.findings1());
    awaitFindings(admin, "dy-cluster-2", "s-cluster-2", expected.half2());
    assertThat(occurrences(admin, "dy-cluster-2", "s-cluster-2")).isEqualTo(expected.half2());

    long before = reference.published();
    authoriseStreetShop(admin);
    probeUntil(admin, "CF-BRAND-CUE-LOW-PRICE", "2026-11-20");
    assertThat(reference.published())
        .as("the changed register was published")
        .isGreaterThan(before);
    assertThat(reference.publishNow()).as("nothing left to publish").isZero();
    ingest(admin, AFTER_CHANGE);
    awaitFindings(admin, "dy-cluster-2", "s-cluster-2", expected.findings2());
    // a moment more: nothing beyond the embedded findings arrives
    Thread.sleep(3000);
    assertThat(comparable(leads(admin, "dy-cluster-1", "s-cluster-1"))).isEqualTo(expected.room1());
    assertThat(comparable(leads(admin, "dy-cluster-2", "s-cluster-2"))).isEqualTo(expected.room2());
    assertThat(relay.cursor())
        .isEqualTo(jdbc.sql("SELECT MAX(seq) FROM event").query(Long.class).single());
    // backpressure in cluster mode counts what waits to be handed to Kafka: nothing now
    assertThat(backlog.events()).isZero();
    JsonNode stats = admin.get("/api/v1/stats/pipeline").json();
    assertThat(stats.get("mode").asString()).isEqualTo("cluster");
    assertThat(stats.get("analysedSeq").asLong()).isEqualTo(relay.cursor());
    // the session's start and end reached the registry, as in embedded mode
    assertThat(admin.get("/api/v1/registry/sessions").body()).contains("s-cluster-1");

    // A replay of the whole findings topic (a new consumer group from the start) stores nothing.
    long findingRows = jdbc.sql("SELECT COUNT(*) FROM finding").query(Long.class).single();
    long leadRows = jdbc.sql("SELECT COUNT(*) FROM lead").query(Long.class).single();
    List<PublishedFinding> replay = new ArrayList<>();
    try (FindingsSubscriber again =
        new FindingsSubscriber(kafka.bootstrapServers(), Topics.FINDINGS, "replay", Map.of())) {
      // A new consumer group first joins and is assigned the partitions, which on a loaded
      // machine takes seconds: poll until the whole topic is back, within a minute.
      long replayDeadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
      while (replay.size() < findingRows && System.nanoTime() < replayDeadline) {
        replay.addAll(again.poll(Duration.ofMillis(500)));
      }
    }
    assertThat(replay).hasSizeGreaterThanOrEqualTo(expected.findings1() + expected.findings2());
    assertThat(intake.store(replay)).isZero();
    assertThat(jdbc.sql("SELECT COUNT(*) FROM finding").query(Long.class).single())
        .isEqualTo(findingRows);
    assertThat(jdbc.sql("SELECT COUNT(*) FROM lead").query(Long.class).single())
        .isEqualTo(leadRows);
    assertThat(
            jdbc.sql("SELECT COUNT(DISTINCT finding_id) FROM cluster_finding")
                .query(Long.class)
                .single())
        .isEqualTo(findingRows);
  }

  @Test
  void ingestIsRefusedWhileTheRelayHasNotHandedEnoughEventsToKafka() throws Exception {
    Http admin = Http.bearer(port, TestDatabase.ADMIN_TOKEN);
    StringBuilder batch = new StringBuilder();
    for (int i = 0; i < 60; i++) {
      batch
          .append(i == 0 ? "" : "\n")
          .append(
              event(
                  "dy-backlog",
                  "s-backlog",
                  "bl-" + i,
                  "chat",
                  String.format("2026-11-18T10:%02d:00+08:00", i),
                  ",\"user\":\"观众\",\"text\":\"好\""));
    }
    relay.drain();
    relay.stop(); // as if the brokers were unreachable: nothing is handed to Kafka
    try {
      ingest(admin, batch.toString());
      assertThat(backlog.events()).isEqualTo(60);
      var refused =
          admin.send(
              "POST",
              "/api/v1/events",
              "application/x-ndjson",
              event(
                  "dy-backlog",
                  "s-backlog",
                  "bl-x",
                  "chat",
                  "2026-11-18T11:00:00+08:00",
                  ",\"user\":\"观众\",\"text\":\"好\""),
              Map.of());
      assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
      assertThat(refused.header("Retry-After")).isNotBlank();
      assertThat(refused.body()).contains("events-backlog");
    } finally {
      relay.start();
    }
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (backlog.events() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(backlog.events()).as("relayed").isZero();
    ingest(
        admin,
        event(
            "dy-backlog",
            "s-backlog",
            "bl-y",
            "chat",
            "2026-11-18T11:01:00+08:00",
            ",\"user\":\"观众\",\"text\":\"好\""));
  }

  @Test
  void aRuleChangedInTheConsoleReachesTheJob() throws Exception {
    Http admin = Http.bearer(port, TestDatabase.ADMIN_TOKEN);
    var change =
        admin.post(
            "/api/v1/rules/ABS-PRICE/changes",
            Map.of("action", "add-term", "term", "宇宙无敌价", "reason", "集群模式测试：新出现的变体"));
    assertThat(change.status()).as(change.toString()).isEqualTo(201);
    long version = change.json().get("version").asLong();

    // The relay publishes the overlay as soon as the rule book has it in force.
    String published = null;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (published == null && System.nanoTime() < deadline) {
      for (var r : TopicIo.readCommitted(kafka.bootstrapServers(), Topics.REFERENCE)) {
        String v = r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8);
        if (v.contains("\"kind\":\"rules\"") && v.contains("\"version\":" + version)) {
          published = v;
        }
      }
      Thread.sleep(200);
    }
    assertThat(published).as("the rules record of version " + version).isNotNull();
    assertThat(published).contains("\"terms\":{\"ABS-PRICE\":[\"宇宙无敌价\"]}");

    // The job applies it: the new variant raises ABS-PRICE in a room analysed after it.
    for (int n = 0; ; n++) {
      assertThat(n).as("probes before the job applied the rule change").isLessThan(40);
      String room = "dy-rules-" + n;
      String at = String.format("2026-11-17T10:%02d:00+08:00", n);
      ingest(
          admin,
          String.join(
              "\n",
              said(room, "s", "rc-" + n, at, "今天直播间宇宙无敌价"),
              event(
                  "dy-tick",
                  "s-tick",
                  "tick-" + room,
                  "chat",
                  String.format("2026-11-17T10:%02d:30+08:00", n),
                  ",\"user\":\"观众\",\"text\":\"好\"")));
      JsonNode leads = null;
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < until) {
        leads = leads(admin, room, "s");
        if (occurrences(leads) > 0) {
          break;
        }
        Thread.sleep(300);
      }
      if (leads != null && leads.toString().contains("\"ABS-PRICE\"")) {
        break;
      }
    }
  }
}

package io.liveguard.platform.ingest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code liveguard load [--url U] [--token T] [--events N] [--rooms R] [--concurrency C] [--batch
 * B] [--rate E] [--seed S] [--prefix P] [--peer-jdbc URL [--peer-user U]]}: the load tool of
 * docs/benchmarks.md, a separate process speaking HTTP to the platform.
 *
 * <p>Sends N synthetic events spread over R live rooms (one session each) from C concurrent clients
 * in batches of B: per room a listing snapshot first, then transcript segments (about 5% with a
 * phrase the rules flag) and a price observation every 50th event. With {@code --rate} the batches
 * are paced to E events/s offered (else as fast as the server acknowledges). A 503 or 429 is
 * honoured: the client waits Retry-After seconds and sends the same batch again. Then it waits
 * until the live analysis has caught up and prints the ingest rate, the analysis rate, the client's
 * acknowledgement latency and the server's arrival-to-lead latency.
 *
 * <p>{@code --peer-jdbc URL} first runs the named peer: the same events inserted with plain JDBC
 * batches (one transaction per batch, same columns and indexes as the event table, C threads) into
 * a scratch table {@code load_peer_event} of the database at URL — the raw cost of storing them,
 * without HTTP, parsing, idempotency or analysis.
 */
public final class LoadCommand {
  private static final String[] CLEAN = {
    "家人们晚上好，欢迎来到直播间", "这款面料很舒服，夏天穿透气", "喜欢的宝宝可以点点关注",
    "今天给大家带来三款新品", "尺码从S到XL都有，按平时的码数拍", "有问题可以在评论区问我",
    "这个颜色上身很显白", "发货是四十八小时内"
  };
  private static final String[] FLAGGED = {"这是全网最低价", "我们的品质绝对是第一", "史上最好的一批货", "国家级的品质"};
  private static final Instant T0 = Instant.parse("2026-11-20T12:00:00Z");

  private LoadCommand() {}

  /** The load's parameters. */
  record Options(
      String url,
      String token,
      long events,
      int rooms,
      int concurrency,
      int batch,
      double rate,
      long seed,
      String prefix,
      String peerJdbc,
      String peerUser) {}

  public static int run(String[] args) throws Exception {
    String url = "http://127.0.0.1:8080";
    String token = System.getenv("LIVEGUARD_TOKEN");
    long events = 100_000;
    int rooms = 1000;
    int concurrency = 4;
    int batch = 1000;
    double rate = 0;
    long seed = 42;
    String prefix = "load-" + Long.toHexString(System.nanoTime());
    String peerJdbc = null;
    String peerUser = "postgres";
    for (int i = 1; i < args.length; i++) {
      String v = i + 1 < args.length ? args[i + 1] : null;
      if (v == null) {
        System.err.println("liveguard load: " + args[i] + " needs a value");
        return 2;
      }
      try {
        switch (args[i]) {
          case "--url" -> url = v;
          case "--token" -> token = v;
          case "--events" -> events = Long.parseLong(v);
          case "--rooms" -> rooms = Integer.parseInt(v);
          case "--concurrency" -> concurrency = Integer.parseInt(v);
          case "--batch" -> batch = Integer.parseInt(v);
          case "--rate" -> rate = Double.parseDouble(v);
          case "--seed" -> seed = Long.parseLong(v);
          case "--prefix" -> prefix = v;
          case "--peer-jdbc" -> peerJdbc = v;
          case "--peer-user" -> peerUser = v;
          default -> {
            System.err.println("liveguard load: unknown argument " + args[i]);
            return 2;
          }
        }
      } catch (NumberFormatException e) {
        System.err.println("liveguard load: " + args[i] + " needs a number, got \"" + v + "\"");
        return 2;
      }
      i++;
    }
    if (token == null) {
      System.err.println("liveguard load: pass --token or set LIVEGUARD_TOKEN");
      return 2;
    }
    if (events < 1 || rooms < 1 || concurrency < 1 || batch < 1 || batch > Ingest.MAX_BATCH) {
      System.err.println(
          "liveguard load: --events, --rooms, --concurrency ≥ 1 and 1 ≤ --batch ≤ "
              + Ingest.MAX_BATCH);
      return 2;
    }
    Options o =
        new Options(
            url, token, events, rooms, concurrency, batch, rate, seed, prefix, peerJdbc, peerUser);
    if (peerJdbc != null) {
      peer(o);
    }
    return http(o);
  }

  /** The JSONL of batch {@code b}. */
  static String batch(Options o, long b) {
    Random r = new Random(o.seed() * 31 + b);
    StringBuilder body = new StringBuilder();
    long from = b * o.batch();
    long to = Math.min(o.events(), from + o.batch());
    for (long e = from; e < to; e++) {
      int room = (int) (e % o.rooms());
      long n = e / o.rooms();
      Instant at = T0.plus(n * 3, ChronoUnit.SECONDS);
      String head =
          "{\"id\":\""
              + o.prefix()
              + '-'
              + e
              + "\",\"platform\":\"douyin\",\"room\":\""
              + o.prefix()
              + "-room-"
              + room
              + "\",\"session\":\"s1\",\"at\":\""
              + at
              + "\",";
      body.append(head);
      if (n == 0) {
        body.append(
            "\"type\":\"listing\",\"listing\":\"L-1\",\"title\":\"夏季新款纯棉T恤\",\"price\":\"99.00\","
                + "\"category\":\"apparel\",\"attributes\":{\"成分\":\"100%棉\"}}\n");
      } else if (n % 50 == 0) {
        body.append("\"type\":\"price\",\"listing\":\"L-1\",\"price\":\"")
            .append(n % 100 == 0 ? "99.00" : "89.00")
            .append("\",\"source\":\"listing\"}\n");
      } else {
        String text =
            r.nextInt(100) < 5
                ? FLAGGED[r.nextInt(FLAGGED.length)]
                : CLEAN[r.nextInt(CLEAN.length)];
        body.append("\"type\":\"transcript\",\"text\":\"")
            .append(text)
            .append("\",\"start_ms\":")
            .append(n * 3000)
            .append(",\"end_ms\":")
            .append(n * 3000 + 2500)
            .append("}\n");
      }
    }
    return body.toString();
  }

  private static int http(Options o) throws Exception {
    final String auth = "Bearer " + o.token();
    HttpClient client = HttpClient.newBuilder().build();
    long batches = (o.events() + o.batch() - 1) / o.batch();
    AtomicLong next = new AtomicLong();
    AtomicLong sent = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    List<Long> ackMicros = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(o.concurrency());
    long start = System.nanoTime();
    List<Future<?>> futures = new ArrayList<>();
    for (int c = 0; c < o.concurrency(); c++) {
      futures.add(
          pool.submit(
              () -> {
                long b;
                while ((b = next.getAndIncrement()) < batches) {
                  if (o.rate() > 0) {
                    // Paced: batch b is due when b * batch events have been offered at the rate.
                    long due = start + (long) (b * o.batch() / o.rate() * 1e9);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                  }
                  String body = batch(o, b);
                  while (true) {
                    long t = System.nanoTime();
                    HttpResponse<String> resp =
                        client.send(
                            HttpRequest.newBuilder(URI.create(o.url() + "/api/v1/events"))
                                .header("Content-Type", "application/x-ndjson")
                                .header("Authorization", auth)
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                    if (resp.statusCode() == 200) {
                      ackMicros.add((System.nanoTime() - t) / 1000);
                      break;
                    }
                    if (resp.statusCode() != 503 && resp.statusCode() != 429) {
                      throw new IllegalStateException(resp.statusCode() + " " + resp.body());
                    }
                    refused.incrementAndGet();
                    long seconds = resp.headers().firstValueAsLong("Retry-After").orElse(1);
                    Thread.sleep(Math.max(1, seconds) * 1000);
                  }
                  sent.addAndGet(Math.min(o.events(), (b + 1) * o.batch()) - b * o.batch());
                }
                return null;
              }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
    double ingestSeconds = (System.nanoTime() - start) / 1e9;
    List<Long> acks = new ArrayList<>(ackMicros);
    Collections.sort(acks);
    System.out.printf(
        "ingested %d events in %.1f s: %.0f events/s (%d clients, batches of %d%s);"
            + " acknowledged p50 %.0f ms, p95 %.0f ms; refused with 503/429 and re-sent: %d%n",
        sent.get(),
        ingestSeconds,
        sent.get() / ingestSeconds,
        o.concurrency(),
        o.batch(),
        o.rate() > 0 ? String.format(", offered %.0f events/s", o.rate()) : "",
        percentile(acks, 0.50) / 1000.0,
        percentile(acks, 0.95) / 1000.0,
        refused.get());
    String stats;
    while (true) {
      stats =
          client
              .send(
                  HttpRequest.newBuilder(URI.create(o.url() + "/api/v1/stats/pipeline"))
                      .header("Authorization", auth)
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      long last = number(stats, "\"lastSeq\":");
      long analysed = number(stats, "\"analysedSeq\":");
      if (analysed >= last) {
        break;
      }
      Thread.sleep(100);
    }
    double allSeconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "analysed into stored findings after %.1f s: %.0f events/s end to end%n",
        allSeconds, sent.get() / allSeconds);
    System.out.println("pipeline: " + stats);
    return 0;
  }

  private static long percentile(List<Long> sorted, double p) {
    return sorted.isEmpty() ? 0 : sorted.get((int) Math.floor(p * (sorted.size() - 1)));
  }

  /** The named peer: plain JDBC batch inserts of the same events, one transaction per batch. */
  private static void peer(Options o) throws Exception {
    boolean h2 = o.peerJdbc().startsWith("jdbc:h2:");
    try (Connection c = DriverManager.getConnection(o.peerJdbc(), h2 ? "sa" : o.peerUser(), "");
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS load_peer_event");
      // The event table of V3__events_and_leads.sql.
      s.execute(
          "CREATE TABLE load_peer_event (seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
              + " event_id VARCHAR(128) NOT NULL UNIQUE, event_type VARCHAR(32) NOT NULL,"
              + " platform VARCHAR(32) NOT NULL, room VARCHAR(128) NOT NULL, session VARCHAR(128)"
              + " NOT NULL, occurred_at TIMESTAMP WITH TIME ZONE NOT NULL, received_at TIMESTAMP"
              + " WITH TIME ZONE NOT NULL, token_id BIGINT, body VARCHAR(1100000) NOT NULL)");
      s.execute(
          "CREATE INDEX load_peer_event_session ON load_peer_event (platform, room, session, seq)");
    }
    long batches = (o.events() + o.batch() - 1) / o.batch();
    AtomicLong next = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(o.concurrency());
    long start = System.nanoTime();
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < o.concurrency(); t++) {
      futures.add(
          pool.submit(
              () -> {
                try (Connection c =
                        DriverManager.getConnection(o.peerJdbc(), h2 ? "sa" : o.peerUser(), "");
                    PreparedStatement ps =
                        c.prepareStatement(
                            "INSERT INTO load_peer_event (event_id, event_type, platform, room,"
                                + " session, occurred_at, received_at, token_id, body) VALUES (?,"
                                + " ?, ?, ?, ?, ?, ?, ?, ?)")) {
                  c.setAutoCommit(false);
                  long b;
                  while ((b = next.getAndIncrement()) < batches) {
                    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                    long e = b * o.batch();
                    for (String line : batch(o, b).split("\n")) {
                      int room = (int) (e % o.rooms());
                      ps.setString(1, o.prefix() + "-" + e);
                      ps.setString(2, type(line));
                      ps.setString(3, "douyin");
                      ps.setString(4, o.prefix() + "-room-" + room);
                      ps.setString(5, "s1");
                      ps.setObject(
                          6,
                          OffsetDateTime.ofInstant(
                              T0.plus(e / o.rooms() * 3, ChronoUnit.SECONDS), ZoneOffset.UTC));
                      ps.setObject(7, now);
                      ps.setLong(8, 1);
                      ps.setString(9, line);
                      ps.addBatch();
                      e++;
                    }
                    ps.executeBatch();
                    c.commit();
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "peer (plain JDBC batches into load_peer_event, %d threads, batches of %d): %d events in"
            + " %.1f s: %.0f events/s%n",
        o.concurrency(), o.batch(), o.events(), seconds, o.events() / seconds);
    try (Connection c = DriverManager.getConnection(o.peerJdbc(), h2 ? "sa" : o.peerUser(), "");
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE load_peer_event");
    }
  }

  private static String type(String line) {
    int i = line.indexOf("\"type\":\"") + 8;
    return line.substring(i, line.indexOf('"', i));
  }

  static long number(String json, String key) {
    int i = json.indexOf(key);
    int j = i + key.length();
    int k = j;
    while (k < json.length() && Character.isDigit(json.charAt(k))) {
      k++;
    }
    return Long.parseLong(json.substring(j, k));
  }
}

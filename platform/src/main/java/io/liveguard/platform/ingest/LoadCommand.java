package io.liveguard.platform.ingest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code liveguard load [--url U] [--token T] [--events N] [--rooms R] [--concurrency C] [--batch
 * B] [--seed S] [--prefix P]}: the load tool of docs/benchmarks.md. Sends N synthetic transcript
 * events spread over R live rooms (one session each), about 5% of them with a phrase the rules
 * flag, from C concurrent clients, then waits until the live analysis has caught up and prints the
 * ingest rate, the analysis rate and the server's arrival-to-lead latency.
 */
public final class LoadCommand {
  private static final String[] CLEAN = {
    "家人们晚上好，欢迎来到直播间", "这款面料很舒服，夏天穿透气", "喜欢的宝宝可以点点关注",
    "今天给大家带来三款新品", "尺码从S到XL都有，按平时的码数拍", "有问题可以在评论区问我",
    "这个颜色上身很显白", "发货是四十八小时内"
  };
  private static final String[] FLAGGED = {"这是全网最低价", "我们的品质绝对是第一", "史上最好的一批货", "国家级的品质"};

  private LoadCommand() {}

  public static int run(String[] args) throws Exception {
    String url = "http://127.0.0.1:8080";
    String token = System.getenv("LIVEGUARD_TOKEN");
    long events = 100_000;
    int rooms = 1000;
    int concurrency = 4;
    int batch = 1000;
    long seed = 42;
    String prefix = "load-" + Long.toHexString(System.nanoTime());
    for (int i = 1; i < args.length; i++) {
      String v = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--url" -> url = v;
        case "--token" -> token = v;
        case "--events" -> events = Long.parseLong(v);
        case "--rooms" -> rooms = Integer.parseInt(v);
        case "--concurrency" -> concurrency = Integer.parseInt(v);
        case "--batch" -> batch = Integer.parseInt(v);
        case "--seed" -> seed = Long.parseLong(v);
        case "--prefix" -> prefix = v;
        default -> {
          System.err.println("liveguard load: unknown argument " + args[i]);
          return 2;
        }
      }
      i++;
    }
    if (token == null) {
      System.err.println("liveguard load: pass --token or set LIVEGUARD_TOKEN");
      return 2;
    }
    final String base = url;
    final String auth = "Bearer " + token;
    HttpClient client = HttpClient.newBuilder().build();
    long batches = (events + batch - 1) / batch;
    AtomicLong next = new AtomicLong();
    AtomicLong sent = new AtomicLong();
    Instant t0 = Instant.parse("2026-11-20T12:00:00Z");
    final long total = events;
    final int perBatch = batch;
    final int roomCount = rooms;
    final String p = prefix;
    final long s = seed;
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    long start = System.nanoTime();
    List<Future<?>> futures = new ArrayList<>();
    for (int c = 0; c < concurrency; c++) {
      futures.add(
          pool.submit(
              () -> {
                long b;
                while ((b = next.getAndIncrement()) < batches) {
                  Random r = new Random(s * 31 + b);
                  StringBuilder body = new StringBuilder();
                  long from = b * perBatch;
                  long to = Math.min(total, from + perBatch);
                  for (long e = from; e < to; e++) {
                    int room = (int) (e % roomCount);
                    long n = e / roomCount;
                    String text =
                        r.nextInt(100) < 5
                            ? FLAGGED[r.nextInt(FLAGGED.length)]
                            : CLEAN[r.nextInt(CLEAN.length)];
                    body.append("{\"id\":\"")
                        .append(p)
                        .append('-')
                        .append(e)
                        .append("\",\"type\":\"transcript\",\"platform\":\"douyin\",\"room\":\"")
                        .append(p)
                        .append("-room-")
                        .append(room)
                        .append("\",\"session\":\"s1\",\"at\":\"")
                        .append(t0.plus(n * 3, ChronoUnit.SECONDS))
                        .append("\",\"text\":\"")
                        .append(text)
                        .append("\",\"start_ms\":")
                        .append(n * 3000)
                        .append(",\"end_ms\":")
                        .append(n * 3000 + 2500)
                        .append("}\n");
                  }
                  HttpResponse<String> resp =
                      client.send(
                          HttpRequest.newBuilder(URI.create(base + "/api/v1/events"))
                              .header("Content-Type", "application/x-ndjson")
                              .header("Authorization", auth)
                              .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                              .build(),
                          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                  if (resp.statusCode() != 200) {
                    throw new IllegalStateException(resp.statusCode() + " " + resp.body());
                  }
                  sent.addAndGet(to - from);
                }
                return null;
              }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
    double ingestSeconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "ingested %d events in %.1f s: %.0f events/s (%d clients, batches of %d)%n",
        sent.get(), ingestSeconds, sent.get() / ingestSeconds, concurrency, batch);
    String stats;
    while (true) {
      stats =
          client
              .send(
                  HttpRequest.newBuilder(URI.create(base + "/api/v1/stats/pipeline"))
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

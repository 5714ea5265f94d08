package io.liveguard.platform.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.liveguard.platform.Http;
import io.liveguard.platform.TestDatabase;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The crash test: the packaged platform is killed with SIGKILL in the middle of a 100,000-event
 * ingest, restarted on the same data, and every acknowledged event must be stored exactly once.
 * Several runs, each killed after a random (seeded) number of acknowledged batches. Opt-in, as it
 * takes minutes: {@code -Dliveguard.crash.runs=3} (on H2 and, in the PostgreSQL pass, on a fresh
 * PostgreSQL database).
 */
class CrashIT {
  static final int EVENTS = 100_000;
  static final int BATCH = 1000;
  static final String TOKEN = "crash-token-0123456789abcdef";

  @Test
  void everyAcknowledgedEventSurvivesKillMinus9ExactlyOnce() throws Exception {
    int runs = Integer.getInteger("liveguard.crash.runs", 0);
    assumeTrue(runs > 0, "opt-in: -Dliveguard.crash.runs=N");
    long seed = Long.getLong("liveguard.crash.seed", System.nanoTime());
    System.out.println("CrashIT seed " + seed + ", runs " + runs + ", db " + TestDatabase.kind());
    Random random = new Random(seed);
    for (int run = 0; run < runs; run++) {
      crashOnce(run, random, seed);
    }
  }

  private void crashOnce(int run, Random random, long seed) throws Exception {
    Path data = Files.createTempDirectory("liveguard-crash");
    String db = TestDatabase.kind().equals("postgres") ? TestDatabase.createPostgres() : null;
    int port = 20000 + random.nextInt(20000);
    final Process first = start(data, db, port);
    Process server = first;
    String prefix = "crash-" + run + "-" + Long.toHexString(seed);
    List<String> batches = new ArrayList<>();
    for (int b = 0; b < EVENTS / BATCH; b++) {
      StringBuilder body = new StringBuilder();
      for (int e = b * BATCH; e < (b + 1) * BATCH; e++) {
        body.append(
            String.format(
                "{\"id\":\"%s-%d\",\"type\":\"transcript\",\"platform\":\"douyin\",\"room\":\"%s-r%d\","
                    + "\"session\":\"s1\",\"at\":\"2026-11-20T12:00:00Z\",\"text\":\"%s\","
                    + "\"start_ms\":%d,\"end_ms\":%d}\n",
                prefix,
                e,
                prefix,
                e % 500,
                e % 20 == 0 ? "这是全网最低价" : "欢迎来到直播间",
                e * 10L,
                e * 10L + 5));
      }
      batches.add(body.toString());
    }
    int killAfter = 5 + random.nextInt(50);
    Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicInteger next = new AtomicInteger();
    Http client = Http.bearer(port, TOKEN);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    for (int c = 0; c < 4; c++) {
      pool.submit(
          () -> {
            int b;
            while ((b = next.getAndIncrement()) < batches.size() && first.isAlive()) {
              try {
                var r =
                    client.send(
                        "POST",
                        "/api/v1/events",
                        "application/x-ndjson",
                        batches.get(b),
                        java.util.Map.of());
                if (r.status() == 200) {
                  acknowledged.add(b);
                }
              } catch (RuntimeException e) {
                // the server died mid-request: not acknowledged
              }
            }
            return null;
          });
    }
    while (acknowledged.size() < killAfter && server.isAlive()) {
      Thread.sleep(20);
    }
    server.destroyForcibly().waitFor(); // SIGKILL
    pool.shutdown();
    pool.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS);
    System.out.printf("run %d: killed after %d acknowledged batches%n", run, acknowledged.size());

    server = start(data, db, port);
    try {
      for (int b = 0; b < batches.size(); b++) {
        var r =
            client.send(
                "POST",
                "/api/v1/events",
                "application/x-ndjson",
                batches.get(b),
                java.util.Map.of());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        if (acknowledged.contains(b)) {
          assertThat(r.json().get("stored").asInt())
              .as("run %d batch %d was acknowledged before the kill", run, b)
              .isZero();
        }
      }
      var stats = client.get("/api/v1/stats/pipeline").json();
      for (int i = 0;
          i < 600 && stats.get("analysedSeq").asLong() < stats.get("lastSeq").asLong();
          i++) {
        Thread.sleep(500);
        stats = client.get("/api/v1/stats/pipeline").json();
      }
      assertThat(stats.get("events").asLong()).isEqualTo(EVENTS);
      assertThat(stats.get("analysedSeq").asLong()).isEqualTo(stats.get("lastSeq").asLong());
      System.out.println("run " + run + ": " + stats);
    } finally {
      server.destroy();
      server.waitFor();
    }
  }

  private static Process start(Path data, String db, int port) throws Exception {
    File jar = new File("target/liveguard-platform.jar");
    assertThat(jar).as("the packaged platform (run in verify, after package)").exists();
    ProcessBuilder pb =
        new ProcessBuilder(
            "java",
            "-jar",
            jar.getPath(),
            "serve",
            "--port",
            String.valueOf(port),
            "--data",
            data.toString());
    pb.environment().put("LIVEGUARD_BOOTSTRAP_TOKEN", TOKEN);
    if (db != null) {
      pb.environment().put("SPRING_DATASOURCE_URL", db);
      pb.environment().put("SPRING_DATASOURCE_USERNAME", "postgres");
    }
    pb.redirectErrorStream(true).redirectOutput(data.resolve("server.log").toFile());
    Process p = pb.start();
    Http h = Http.anonymous(port);
    for (int i = 0; i < 1200; i++) {
      try {
        if (h.get("/actuator/health").body().contains("UP")) {
          return p;
        }
      } catch (RuntimeException e) {
        // not listening yet
      }
      if (!p.isAlive()) {
        throw new IllegalStateException(
            "server exited: " + Files.readString(data.resolve("server.log")));
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("server did not come up");
  }
}

package io.liveguard.platform.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.evidence.verify.VerificationReport;
import io.liveguard.platform.EvidencePackage;
import io.liveguard.platform.Http;
import io.liveguard.platform.TestDatabase;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import tools.jackson.databind.JsonNode;

/**
 * The crash test of issue 4, in every build: the packaged platform ingests events from 4 clients
 * and is killed with SIGKILL several times in the middle (after a seeded random number of
 * acknowledged batches each time), restarted on the same data directory and database, and the
 * clients go on with the batches not yet acknowledged. At the end every batch is sent once more:
 * each must come back entirely as duplicates (nothing acknowledged was lost), the event table must
 * hold exactly the events sent (nothing stored twice), the analysis exactly one finding per rule
 * and flagged event, and evidence sealed after the kills must still verify.
 *
 * <p>Runs on H2 and, in the PostgreSQL pass, on a fresh PostgreSQL database. By default it is sized
 * for CI: 20,000 events, 3 kills. {@code -Dliveguard.crash.full=true} runs the full size of issue 4
 * (100,000 events, 3 kills). Knobs: {@code -Dliveguard.crash.kills=N}, {@code
 * -Dliveguard.crash.events=N} (a multiple of 1,000), {@code -Dliveguard.crash.seed=S} (printed at
 * the start, so a failing run can be repeated); {@code -Dliveguard.crash.skip=true} skips it.
 *
 * <p>Its first default run (2026-12-05) found an H2 defect: after the kills one batch was refused
 * with 500 on every re-send ("Concurrent update in table event" from the unique index on {@code
 * event_id}: an uncommitted index entry left over by a transaction that no longer exists after
 * recovery) and the H2 file grew without bound. The platform now repairs such leftovers when it
 * opens an H2 file that was not closed cleanly ({@code H2Leftovers}) and lets H2's housekeeping run
 * (docs/platform.md, "Crash test results", which also records seeds, durations, load averages and
 * H2 file sizes of runs). A default pass took 94 s on H2 at a load average of 8–13 on the 2 cores
 * (2026-12-05).
 */
@DisabledIfSystemProperty(
    named = "liveguard.crash.skip",
    matches = "true",
    disabledReason = "-Dliveguard.crash.skip=true")
class CrashIT {
  static final int BATCH = 1000;
  static final String TOKEN = "crash-token-0123456789abcdef";

  @Test
  void everyAcknowledgedEventSurvivesKillMinus9ExactlyOnce() throws Exception {
    boolean full = Boolean.getBoolean("liveguard.crash.full");
    int events = Integer.getInteger("liveguard.crash.events", full ? 100_000 : 20_000);
    int kills = Integer.getInteger("liveguard.crash.kills", 3);
    long seed = Long.getLong("liveguard.crash.seed", System.nanoTime());
    assertThat(events % BATCH).as("events must be a multiple of %d", BATCH).isZero();
    int batchCount = events / BATCH;
    assertThat(kills).as("kills").isBetween(1, batchCount / 4);
    Random random = new Random(seed);
    System.out.printf(
        "CrashIT seed %d, %d events, %d kills, db %s, load average %s%n",
        seed, events, kills, TestDatabase.kind(), loadAverage());
    long t0 = System.nanoTime();

    Path data = Files.createTempDirectory("liveguard-crash");
    String db = TestDatabase.kind().equals("postgres") ? TestDatabase.createPostgres() : null;
    int port;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      port =
          probe.getLocalPort(); // free now; the restarts reuse it (Tomcat binds with SO_REUSEADDR)
    }
    String prefix = "crash-" + Long.toHexString(seed);
    List<String> batches = batches(prefix, batchCount);

    // Kill points: distinct counts of acknowledged batches, spread over the first 90%.
    TreeSet<Integer> points = new TreeSet<>();
    while (points.size() < kills) {
      points.add(1 + random.nextInt(batchCount * 9 / 10));
    }
    Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
    ConcurrentLinkedQueue<Integer> todo = new ConcurrentLinkedQueue<>();
    for (int b = 0; b < batchCount; b++) {
      todo.add(b);
    }
    Http client = Http.bearer(port, TOKEN);
    Process server = start(data, db, port);
    try {
      for (int killAt : points) {
        Process running = server;
        ExecutorService pool = send(client, batches, todo, acknowledged, running);
        while (acknowledged.size() < killAt && running.isAlive()) {
          Thread.sleep(5);
        }
        running.destroyForcibly().waitFor(); // SIGKILL
        pool.shutdown();
        assertThat(pool.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
        System.out.printf(
            "killed at %d acknowledged batches (%.0f s)%n",
            acknowledged.size(), (System.nanoTime() - t0) / 1e9);
        server = start(data, db, port);
      }
      Process last = server;
      ExecutorService pool = send(client, batches, todo, acknowledged, last);
      pool.shutdown();
      assertThat(pool.awaitTermination(30, TimeUnit.MINUTES)).isTrue();
      assertThat(acknowledged).hasSize(batchCount);

      // Everything was acknowledged once; sent again, not one event may be stored.
      for (int b = 0; b < batchCount; b++) {
        var r = postWaitingOutBackpressure(client, batches.get(b));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("stored").asInt())
            .as("batch %d was acknowledged before, yet stored again", b)
            .isZero();
      }
      var stats = client.get("/api/v1/stats/pipeline").json();
      for (int i = 0;
          i < 2400 && stats.get("analysedSeq").asLong() < stats.get("lastSeq").asLong();
          i++) {
        Thread.sleep(500);
        stats = client.get("/api/v1/stats/pipeline").json();
      }
      System.out.printf("after the kills: %s (%.0f s)%n", stats, (System.nanoTime() - t0) / 1e9);
      // Exactly the events sent, each once (seq values may have gaps: a crash loses the identity
      // values H2 had cached, a rolled-back batch consumes some).
      assertThat(stats.get("events").asLong()).isEqualTo(events);
      assertThat(stats.get("analysedSeq").asLong()).isEqualTo(stats.get("lastSeq").asLong());
      // Every 20th event says 全网最低价, which two rules flag: each exactly once.
      assertThat(stats.get("findings").asLong()).isEqualTo(events / 20 * 2);

      // Evidence sealed by the restarted vault verifies; the package export works after SIGKILL.
      JsonNode leads = client.get("/api/v1/leads?room=" + prefix + "-r20").json();
      assertThat(leads.size()).isPositive();
      String pkg =
          leads.get(0).get("findings").get(0).get("evidence").get(0).get("package").asString();
      var zip = client.get(pkg);
      assertThat(zip.status()).as(zip.toString()).isEqualTo(200);
      VerificationReport report = EvidencePackage.verify(zip.bytes(), null);
      assertThat(report.failures()).isEmpty();
      Path h2 = data.resolve("liveguard.mv.db");
      System.out.printf(
          "CrashIT done in %.0f s, load average %s, H2 file %s%n",
          (System.nanoTime() - t0) / 1e9,
          loadAverage(),
          Files.exists(h2) ? Files.size(h2) / 1_000_000 + " MB" : "-");
    } finally {
      server.destroy();
      server.waitFor();
    }
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (java.io.IOException e) {
      return "?";
    }
  }

  static List<String> batches(String prefix, int count) {
    List<String> batches = new ArrayList<>();
    for (int b = 0; b < count; b++) {
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
    return batches;
  }

  /**
   * Four clients sending the batches still to do while {@code server} lives; a batch whose request
   * fails (the server died) goes back to the queue, unacknowledged.
   */
  /** Posts a batch, waiting out 503 (backpressure: nothing stored) as Retry-After tells. */
  static Http.Response postWaitingOutBackpressure(Http client, String batch)
      throws InterruptedException {
    while (true) {
      var r =
          client.send("POST", "/api/v1/events", "application/x-ndjson", batch, java.util.Map.of());
      if (r.status() != 503) {
        return r;
      }
      Thread.sleep(retryAfterMillis(r));
    }
  }

  static long retryAfterMillis(Http.Response r) {
    String after = r.header("Retry-After");
    assertThat(after).as("503 without Retry-After: %s", r).isNotNull();
    return Long.parseLong(after.strip()) * 1000;
  }

  static ExecutorService send(
      Http client,
      List<String> batches,
      ConcurrentLinkedQueue<Integer> todo,
      Set<Integer> acknowledged,
      Process server) {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    for (int c = 0; c < 4; c++) {
      pool.submit(
          () -> {
            Integer b;
            while (server.isAlive() && (b = todo.poll()) != null) {
              boolean ok = false;
              try {
                var r =
                    client.send(
                        "POST",
                        "/api/v1/events",
                        "application/x-ndjson",
                        batches.get(b),
                        java.util.Map.of());
                ok = r.status() == 200;
                if (r.status() == 503) {
                  // Backpressure: nothing stored; wait as told before the batch is sent again.
                  Thread.sleep(retryAfterMillis(r));
                }
              } catch (RuntimeException e) {
                // the server died mid-request: not acknowledged
              }
              if (ok) {
                acknowledged.add(b);
              } else {
                todo.add(b);
              }
            }
            return null;
          });
    }
    return pool;
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
    pb.redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("server.log").toFile()));
    Process p = pb.start();
    Http h = Http.anonymous(port);
    for (int i = 0; i < 6000; i++) {
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

package io.liveguard.evidence.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.evidence.checkpoint.Checkpoint;
import io.liveguard.evidence.checkpoint.CheckpointSigner;
import io.liveguard.evidence.checkpoint.NoteKeys;
import io.liveguard.evidence.checkpoint.NoteSigner;
import io.liveguard.evidence.checkpoint.SignedNote;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM that appends (from several threads, in batches) and signs checkpoints with
 * SIGKILL at random moments, 24 times; after each kill the log must open, audit clean, hold every
 * acknowledged entry at its acknowledged index, and sign a checkpoint consistent with the last
 * signed one.
 */
class CrashTest {

  static final String ORIGIN = "crash.test/log";

  @TempDir Path dir;

  /** The child process: appends forever, printing "ack <index> <payload>" after durability. */
  public static void main(String[] args) throws Exception {
    Path logDir = Path.of(args[0]);
    NoteSigner key = NoteKeys.parseSigner(Files.readString(Path.of(args[1])));
    int run = Integer.parseInt(args[2]);
    try (MerkleLog log = MerkleLog.open(logDir)) {
      CheckpointSigner cs =
          new CheckpointSigner(ORIGIN, log, List.of(key), logDir.resolve("checkpoint.note"));
      Object out = new Object();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int tt = t;
        Thread th =
            new Thread(
                () -> {
                  try {
                    for (int i = 0; ; i++) {
                      List<byte[]> batch = new ArrayList<>();
                      int n = 1 + (i % 5);
                      for (int k = 0; k < n; k++) {
                        batch.add(
                            ("r" + run + "t" + tt + "i" + i + "k" + k)
                                .getBytes(StandardCharsets.UTF_8));
                      }
                      List<Long> idx = log.appendAll(batch);
                      synchronized (out) {
                        for (int k = 0; k < n; k++) {
                          System.out.println(
                              "ack "
                                  + idx.get(k)
                                  + " "
                                  + new String(batch.get(k), StandardCharsets.UTF_8));
                        }
                        System.out.flush();
                      }
                      if (i % 7 == 0) {
                        cs.sign();
                      }
                    }
                  } catch (Exception e) {
                    e.printStackTrace();
                  }
                });
        th.start();
        threads.add(th);
      }
      for (Thread th : threads) {
        th.join();
      }
    }
  }

  @Test
  void survivesTwentyFourKillsWithoutLosingAcknowledgedEntries() throws Exception {
    long seed = Long.getLong("liveguard.seed", System.nanoTime());
    Random rnd = new Random(seed);
    Path logDir = dir.resolve("log");
    NoteSigner key = NoteKeys.generateEd25519(ORIGIN, new SecureRandom());
    Path keyFile = dir.resolve("key");
    Files.writeString(keyFile, NoteKeys.privateKey(key));
    ConcurrentHashMap<Long, String> acked = new ConcurrentHashMap<>();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (int run = 0; run < 24; run++) {
      Process p =
          new ProcessBuilder(
                  java,
                  "-XX:TieredStopAtLevel=1",
                  "-XX:+UseSerialGC",
                  "-cp",
                  System.getProperty("java.class.path"),
                  CrashTest.class.getName(),
                  logDir.toString(),
                  keyFile.toString(),
                  Integer.toString(run))
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      int want = 20 + rnd.nextInt(400);
      int got = 0;
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        // Kill after a random number of acknowledgements (the child may be mid-write).
        while (got < want && (line = r.readLine()) != null) {
          if (line.startsWith("ack ")) {
            String[] f = line.split(" ", 3);
            String prev = acked.put(Long.parseLong(f[1]), f[2]);
            assertThat(prev).as("seed %d: index %s acknowledged twice", seed, f[1]).isNull();
            got++;
          }
        }
        p.destroyForcibly();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(got)
          .as("seed %d run %d: child acknowledged entries before the kill", seed, run)
          .isPositive();
      SignedNote lastSigned =
          Files.exists(logDir.resolve("checkpoint.note"))
              ? SignedNote.parse(Files.readAllBytes(logDir.resolve("checkpoint.note")))
              : null;
      try (MerkleLog log = MerkleLog.open(logDir)) {
        assertThat(log.audit()).as("seed %d run %d", seed, run).isEmpty();
        for (var e : acked.entrySet()) {
          assertThat(e.getKey())
              .as("seed %d run %d: acknowledged index lost", seed, run)
              .isLessThan(log.size());
          assertThat(new String(log.entry(e.getKey()), StandardCharsets.UTF_8))
              .isEqualTo(e.getValue());
        }
        CheckpointSigner cs =
            new CheckpointSigner(ORIGIN, log, List.of(key), logDir.resolve("checkpoint.note"));
        SignedNote now = cs.sign();
        if (lastSigned != null) {
          Checkpoint a = Checkpoint.parse(lastSigned.text());
          Checkpoint b = Checkpoint.parse(now.text());
          assertThat(
                  ProofVerifier.verifyConsistency(
                      log.consistencyProof(a.size(), b.size()), a.rootHash(), b.rootHash()))
              .as("seed %d run %d", seed, run)
              .isTrue();
        }
      }
    }
    assertThat(acked.size()).isGreaterThan(24 * 20);
  }
}

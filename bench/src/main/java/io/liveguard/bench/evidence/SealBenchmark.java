package io.liveguard.bench.evidence;

import io.liveguard.evidence.EvidenceDraft;
import io.liveguard.evidence.EvidenceVault;
import io.liveguard.evidence.VaultOptions;
import io.liveguard.evidence.pkg.EvidenceManifest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Findings sealed per second the way the platform seals them: each draft has five small items (the
 * transcript window, the finding, the event — unique — and the listing snapshot and price history,
 * shared by 50 drafts), sealed through {@link EvidenceVault} (blobs forced, manifest in the log,
 * checkpoint signed with Ed25519 and SM2, RFC 3161 token from the local TSA, seal records). {@code
 * sealAll32} seals batches of 32 from 4 threads (what the platform's sealer does); the peer in the
 * same run, {@code sealEach}, calls {@code seal} once per draft from 4 threads.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class SealBenchmark {
  static final int BATCH = 32;

  Path dir;
  EvidenceVault vault;
  final AtomicLong next = new AtomicLong();

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("lg-bench-seal");
    vault = EvidenceVault.open(dir, VaultOptions.defaults("bench", "bench"));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    vault.close();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        p.toFile().setWritable(true);
        Files.delete(p);
      }
    }
  }

  EvidenceDraft draft() {
    long k = next.getAndIncrement();
    List<EvidenceDraft.ItemSource> items = new ArrayList<>();
    items.add(item("transcript", "text/plain; charset=utf-8", "家人们，这款是全网最低价 #" + k));
    items.add(item("finding", "application/json", "{\"rule\":\"ABS-LOWEST\",\"n\":" + k + "}"));
    items.add(
        item("event", "application/json", "{\"id\":\"e-" + k + "\",\"type\":\"transcript\"}"));
    items.add(item("listing", "application/json", "{\"listing\":\"L-" + k / 50 + "\"}"));
    items.add(item("price_history", "application/json", "[{\"price\":\"" + k / 50 + ".00\"}]"));
    return new EvidenceDraft(
        items,
        new EvidenceManifest.Detection("ABS-LOWEST", "全网最低价", "2026-11-20T12:00:00Z"),
        Map.of("platform", "douyin", "room", "r" + k % 500),
        "bench",
        null);
  }

  static EvidenceDraft.ItemSource item(String role, String type, String content) {
    return new EvidenceDraft.ItemSource(
        role, role, type, new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
  }

  @Benchmark
  @Threads(4)
  public Object sealEach() throws IOException {
    return vault.seal(draft());
  }

  @Benchmark
  @Threads(4)
  @OperationsPerInvocation(BATCH)
  public Object sealAll32() throws IOException {
    List<EvidenceDraft> drafts = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      drafts.add(draft());
    }
    return vault.sealAll(drafts);
  }
}

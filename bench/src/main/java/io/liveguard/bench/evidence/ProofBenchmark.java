package io.liveguard.bench.evidence;

import io.liveguard.evidence.log.ConsistencyProof;
import io.liveguard.evidence.log.InclusionProof;
import io.liveguard.evidence.log.MemoryTree;
import io.liveguard.evidence.log.MerkleLog;
import io.liveguard.evidence.log.ProofBuilder;
import io.liveguard.evidence.log.ProofVerifier;
import io.liveguard.evidence.log.Rfc6962;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Proof generation from the durable log and proof verification at 1M (and, with {@code -p
 * size=10000000}, 10M) entries. The peer measured in the same run is {@code memoryTree*}: the same
 * proofs from an in-memory tree holding every node hash — what the durable layout is compared to.
 * The log is built once under {@code bench/target/bench-logs/<size>} and reused across runs.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class ProofBenchmark {

  @Param({"1000000"})
  long size;

  @Param({"false"})
  boolean withMemoryPeer;

  MerkleLog log;
  MemoryTree memory;
  byte[] root;
  SplittableRandom rnd = new SplittableRandom(42);
  InclusionProof sampleInclusion;
  byte[] sampleLeaf;
  ConsistencyProof sampleConsistency;
  byte[] sampleRoot1;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Path dir =
        Paths.get(System.getProperty("liveguard.bench.dir", "bench/target/bench-logs"))
            .resolve(Long.toString(size));
    Files.createDirectories(dir);
    log = MerkleLog.open(dir);
    if (log.size() < size) {
      List<byte[]> batch = new ArrayList<>(4096);
      for (long i = log.size(); i < size; ) {
        batch.clear();
        for (int k = 0; k < 4096 && i < size; k++, i++) {
          batch.add(ByteBuffer.allocate(16).putLong(i).putLong(i * 31).array());
        }
        log.appendAll(batch);
      }
    }
    root = log.rootAt(size);
    if (withMemoryPeer) {
      memory = new MemoryTree();
      for (long i = 0; i < size; i++) {
        memory.appendLeafHash(log.leafHash(i));
      }
    }
    long idx = size / 3;
    sampleInclusion = log.inclusionProof(idx, size);
    sampleLeaf = Rfc6962.leafHash(log.entry(idx));
    long m = size / 2 + 12345;
    sampleConsistency = log.consistencyProof(m, size);
    sampleRoot1 = log.rootAt(m);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    log.close();
  }

  @Benchmark
  public InclusionProof inclusionProofFromLog() throws IOException {
    return log.inclusionProof(rnd.nextLong(size), size);
  }

  @Benchmark
  public ConsistencyProof consistencyProofFromLog() throws IOException {
    return log.consistencyProof(1 + rnd.nextLong(size - 1), size);
  }

  @Benchmark
  public InclusionProof inclusionProofFromMemoryTree() throws IOException {
    if (memory == null) {
      throw new IllegalStateException("run with -p withMemoryPeer=true");
    }
    return ProofBuilder.inclusion(memory, rnd.nextLong(size), size);
  }

  @Benchmark
  public boolean verifyInclusion() {
    return ProofVerifier.verifyInclusion(sampleLeaf, sampleInclusion, root);
  }

  @Benchmark
  public boolean verifyConsistency() {
    return ProofVerifier.verifyConsistency(sampleConsistency, sampleRoot1, root);
  }
}

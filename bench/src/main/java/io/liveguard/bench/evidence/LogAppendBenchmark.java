package io.liveguard.bench.evidence;

import io.liveguard.evidence.log.MerkleLog;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Durable appends per second. {@code merkleLog*} append manifest-sized entries (600 bytes) to
 * {@link MerkleLog}, which returns only after fsync. The peer, measured in the same run, is {@code
 * rawFsyncFile*}: the same bytes appended to one plain file with one {@code FileChannel.force} per
 * batch — the floor any durable log pays on this disk.
 *
 * <p>Scores are operations (entries) per second thanks to {@link OperationsPerInvocation}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class LogAppendBenchmark {

  static final int BATCH = 256;

  @Param({"600"})
  int entrySize;

  Path dir;
  MerkleLog log;
  FileChannel raw;
  long rawPos;
  List<byte[]> batch;
  byte[] one;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("lg-bench-append");
    log = MerkleLog.open(dir.resolve("log"));
    @SuppressWarnings("resource")
    RandomAccessFile f = new RandomAccessFile(dir.resolve("raw.dat").toFile(), "rw");
    raw = f.getChannel();
    Random r = new Random(1);
    batch = new ArrayList<>();
    for (int i = 0; i < BATCH; i++) {
      byte[] b = new byte[entrySize];
      r.nextBytes(b);
      batch.add(b);
    }
    one = batch.get(0);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    log.close();
    raw.close();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** One caller appending batches of 256 entries; one fsync group per batch. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public List<Long> merkleLogBatch() throws IOException {
    return log.appendAll(batch);
  }

  /** The peer: the same 256 entries written to one file, then one force(). */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long rawFsyncFileBatch() throws IOException {
    for (byte[] b : batch) {
      rawPos += raw.write(ByteBuffer.wrap(b), rawPos);
    }
    raw.force(false);
    return rawPos;
  }

  /** 16 threads each appending single entries: group commit batches them. */
  @Benchmark
  @Threads(16)
  public long merkleLogConcurrentSingles() throws IOException {
    return log.append(one);
  }

  /** The peer for single appends: one write and one force() per entry, 16 threads. */
  @Benchmark
  @Threads(16)
  public long rawFsyncFileConcurrentSingles() throws IOException {
    long p;
    synchronized (this) {
      p = rawPos;
      rawPos += one.length;
    }
    raw.write(ByteBuffer.wrap(one), p);
    raw.force(false);
    return p;
  }
}

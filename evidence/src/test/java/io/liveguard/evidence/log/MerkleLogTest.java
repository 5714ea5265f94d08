package io.liveguard.evidence.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MerkleLogTest {

  @TempDir Path dir;

  @Test
  void matchesTheInMemoryTreeAtEverySizeAndSurvivesReopen() throws IOException {
    Random rnd = new Random(7);
    MemoryTree ref = new MemoryTree();
    try (MerkleLog log = MerkleLog.open(dir)) {
      for (int i = 0; i < 150; i++) {
        byte[] d = new byte[rnd.nextInt(64)];
        rnd.nextBytes(d);
        List<byte[]> batch = new ArrayList<>();
        batch.add(d);
        ref.append(d);
        if (i % 10 == 0) {
          byte[] e = ("extra " + i).getBytes(StandardCharsets.UTF_8);
          batch.add(e);
          ref.append(e);
        }
        List<Long> idx = log.appendAll(batch);
        assertThat(idx.get(idx.size() - 1)).isEqualTo(ref.size() - 1);
        assertThat(log.root()).isEqualTo(ref.root());
      }
      for (long s = 1; s <= ref.size(); s += 7) {
        assertThat(log.rootAt(s)).isEqualTo(ProofBuilder.root(ref, s));
        assertThat(log.inclusionProof(s / 2, s).hashes())
            .usingElementComparator(java.util.Arrays::compare)
            .containsExactlyElementsOf(ProofBuilder.inclusion(ref, s / 2, s).hashes());
        assertThat(log.consistencyProof(s / 3 + 1, s).hashes())
            .usingElementComparator(java.util.Arrays::compare)
            .containsExactlyElementsOf(ProofBuilder.consistency(ref, s / 3 + 1, s).hashes());
      }
    }
    try (MerkleLog log = MerkleLog.open(dir)) {
      assertThat(log.size()).isEqualTo(ref.size());
      assertThat(log.root()).isEqualTo(ref.root());
      assertThat(new String(log.entry(1), StandardCharsets.UTF_8)).isEqualTo("extra 0");
      long next = log.append("after reopen".getBytes(StandardCharsets.UTF_8));
      ref.append("after reopen".getBytes(StandardCharsets.UTF_8));
      assertThat(next).isEqualTo(ref.size() - 1);
      assertThat(log.root()).isEqualTo(ref.root());
    }
  }

  @Test
  void concurrentAppendsGetContiguousDistinctIndices() throws Exception {
    int threads = 16;
    int perThread = 200;
    Set<Long> seen = ConcurrentHashMap.newKeySet();
    ConcurrentHashMap<Long, String> byIndex = new ConcurrentHashMap<>();
    try (MerkleLog log = MerkleLog.open(dir)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int tt = t;
        fs.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    String s = tt + ":" + i;
                    long idx = log.append(s.getBytes(StandardCharsets.UTF_8));
                    assertThat(seen.add(idx)).as("duplicate index %d", idx).isTrue();
                    byIndex.put(idx, s);
                  }
                  return null;
                }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
      pool.shutdown();
      assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
      long n = (long) threads * perThread;
      assertThat(log.size()).isEqualTo(n);
      MemoryTree ref = new MemoryTree();
      for (long i = 0; i < n; i++) {
        assertThat(seen).contains(i);
        byte[] e = log.entry(i);
        assertThat(new String(e, StandardCharsets.UTF_8)).isEqualTo(byIndex.get(i));
        ref.append(e);
      }
      assertThat(log.root()).isEqualTo(ref.root());
    }
  }

  @Test
  void refusesASecondOpenOfTheSameDirectory() throws IOException {
    try (MerkleLog log = MerkleLog.open(dir)) {
      assertThat(log.size()).isZero();
      assertThatThrownBy(() -> MerkleLog.open(dir))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("already open");
    }
  }

  @Test
  void discardsBytesWrittenPastTheLastCommit() throws IOException {
    try (MerkleLog log = MerkleLog.open(dir)) {
      log.append("a".getBytes(StandardCharsets.UTF_8));
      log.append("b".getBytes(StandardCharsets.UTF_8));
    }
    // Simulate a crash between writing data and writing the commit slot.
    java.nio.file.Files.write(
        dir.resolve("tree.hashes"), new byte[32 * 3], java.nio.file.StandardOpenOption.APPEND);
    java.nio.file.Files.write(
        dir.resolve("entries.idx"), new byte[8], java.nio.file.StandardOpenOption.APPEND);
    try (MerkleLog log = MerkleLog.open(dir)) {
      assertThat(log.size()).isEqualTo(2);
      assertThat(log.append("c".getBytes(StandardCharsets.UTF_8))).isEqualTo(2);
      MemoryTree ref = new MemoryTree();
      for (String s : new String[] {"a", "b", "c"}) {
        ref.append(s.getBytes(StandardCharsets.UTF_8));
      }
      assertThat(log.root()).isEqualTo(ref.root());
    }
  }

  @Test
  void reportsADamagedHashFileInsteadOfServingWrongProofs() throws IOException {
    try (MerkleLog log = MerkleLog.open(dir)) {
      for (int i = 0; i < 5; i++) {
        log.append(new byte[] {(byte) i});
      }
    }
    try (var ch =
        java.nio.channels.FileChannel.open(
            dir.resolve("tree.hashes"), java.nio.file.StandardOpenOption.WRITE)) {
      // Record 6 is the node over leaves [0, 4), read by every root computation at size 5.
      ch.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}), 6 * 32 + 5);
    }
    assertThatThrownBy(() -> MerkleLog.open(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("damaged");
  }

  @Test
  void auditFindsADamagedLeafHashThatOpeningDoesNotRead() throws IOException {
    try (MerkleLog log = MerkleLog.open(dir)) {
      for (int i = 0; i < 5; i++) {
        log.append(new byte[] {(byte) i});
      }
      assertThat(log.audit()).isEmpty();
    }
    try (var ch =
        java.nio.channels.FileChannel.open(
            dir.resolve("tree.hashes"), java.nio.file.StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}), 5);
    }
    try (MerkleLog log = MerkleLog.open(dir)) {
      assertThat(log.audit()).hasValueSatisfying(m -> assertThat(m).contains("entry 0"));
    }
  }

  @Test
  void fallsBackToThePreviousCommitWhenTheNewestSlotReachedDiskWithoutItsData() throws Exception {
    try (MerkleLog log = MerkleLog.open(dir)) {
      log.append("a".getBytes(StandardCharsets.UTF_8));
      log.append("b".getBytes(StandardCharsets.UTF_8));
    }
    // seq 2 is in slot 0; forge slot 1 as seq 3 claiming a third entry that never got written.
    byte[] slots = java.nio.file.Files.readAllBytes(dir.resolve("commit"));
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(slots, 0, 64).slice();
    assertThat(b.getLong(4)).isEqualTo(2);
    java.nio.ByteBuffer forged = java.nio.ByteBuffer.allocate(64);
    forged.putInt(b.getInt(0)).putLong(3).putLong(3).put(new byte[32]);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(forged.array(), 0, forged.position());
    forged.putInt((int) crc.getValue());
    try (var ch =
        java.nio.channels.FileChannel.open(
            dir.resolve("commit"), java.nio.file.StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(forged.array()), 64);
    }
    try (MerkleLog log = MerkleLog.open(dir)) {
      assertThat(log.size()).isEqualTo(2);
      assertThat(log.append("c".getBytes(StandardCharsets.UTF_8))).isEqualTo(2);
    }
    try (MerkleLog log = MerkleLog.open(dir)) {
      assertThat(log.size()).isEqualTo(3);
      assertThat(log.audit()).isEmpty();
    }
  }

  @Test
  void positionsFollowPostOrder() {
    // leaf0 leaf1 n(0,1) leaf2 leaf3 n(2,3) n(0..3)
    assertThat(MerkleLog.position(0, 0)).isZero();
    assertThat(MerkleLog.position(0, 1)).isEqualTo(1);
    assertThat(MerkleLog.position(1, 0)).isEqualTo(2);
    assertThat(MerkleLog.position(0, 2)).isEqualTo(3);
    assertThat(MerkleLog.position(1, 1)).isEqualTo(5);
    assertThat(MerkleLog.position(2, 0)).isEqualTo(6);
    assertThat(MerkleLog.nodeCount(4)).isEqualTo(7);
  }
}

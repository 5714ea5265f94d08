package io.liveguard.evidence.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Property tests with seeded randomness; the seed is in every assertion message. */
class ProofPropertyTest {

  private static final long SEED = Long.getLong("liveguard.seed", System.nanoTime());

  @Test
  void everyInclusionProofVerifiesAndEveryCorruptionFails() throws IOException {
    Random rnd = new Random(SEED);
    for (int round = 0; round < 40; round++) {
      int n = 1 + rnd.nextInt(300);
      MemoryTree t = randomTree(rnd, n);
      for (int probe = 0; probe < 20; probe++) {
        long size = 1 + rnd.nextInt(n);
        long idx = rnd.nextInt((int) size);
        InclusionProof p = ProofBuilder.inclusion(t, idx, size);
        byte[] root = ProofBuilder.root(t, size);
        byte[] leaf = t.node(0, idx);
        String why = "seed " + SEED + " size " + size + " index " + idx;
        assertThat(ProofVerifier.verifyInclusion(leaf, p, root)).as(why).isTrue();
        for (InclusionProof bad : corruptions(rnd, p)) {
          assertThat(ProofVerifier.verifyInclusion(leaf, bad, root)).as(why + " " + bad).isFalse();
        }
        byte[] otherLeaf = flip(rnd, leaf);
        assertThat(ProofVerifier.verifyInclusion(otherLeaf, p, root)).as(why).isFalse();
        assertThat(ProofVerifier.verifyInclusion(leaf, p, flip(rnd, root))).as(why).isFalse();
      }
    }
  }

  @Test
  void everyConsistencyProofVerifiesAndEveryCorruptionFails() throws IOException {
    Random rnd = new Random(SEED + 1);
    for (int round = 0; round < 40; round++) {
      int n = 2 + rnd.nextInt(300);
      MemoryTree t = randomTree(rnd, n);
      for (int probe = 0; probe < 20; probe++) {
        long size2 = 1 + rnd.nextInt(n);
        long size1 = 1 + rnd.nextInt((int) size2);
        ConsistencyProof p = ProofBuilder.consistency(t, size1, size2);
        byte[] r1 = ProofBuilder.root(t, size1);
        byte[] r2 = ProofBuilder.root(t, size2);
        String why = "seed " + SEED + " sizes " + size1 + "→" + size2;
        assertThat(ProofVerifier.verifyConsistency(p, r1, r2)).as(why).isTrue();
        if (size1 == size2) {
          continue;
        }
        for (List<byte[]> h : corruptHashes(rnd, p.hashes())) {
          ConsistencyProof bad = new ConsistencyProof(size1, size2, h);
          assertThat(ProofVerifier.verifyConsistency(bad, r1, r2)).as(why).isFalse();
        }
        assertThat(ProofVerifier.verifyConsistency(p, flip(rnd, r1), r2)).as(why).isFalse();
        assertThat(ProofVerifier.verifyConsistency(p, r1, flip(rnd, r2))).as(why).isFalse();
      }
    }
  }

  static MemoryTree randomTree(Random rnd, int n) {
    MemoryTree t = new MemoryTree();
    for (int i = 0; i < n; i++) {
      // Distinct leaves: with two equal leaves a proof for one index is rightly also a proof for
      // the other, and the "other index" corruption would verify (seed 6438012175337 drew two
      // empty leaves).
      byte[] d = new byte[4 + rnd.nextInt(40)];
      rnd.nextBytes(d);
      java.nio.ByteBuffer.wrap(d).putInt(i);
      t.append(d);
    }
    return t;
  }

  private static List<InclusionProof> corruptions(Random rnd, InclusionProof p) {
    List<InclusionProof> out = new ArrayList<>();
    for (List<byte[]> h : corruptHashes(rnd, p.hashes())) {
      out.add(new InclusionProof(p.leafIndex(), p.treeSize(), h));
    }
    // (A changed tree size alone may still verify: the size is bound by the signed checkpoint.)
    if (p.treeSize() > 1) {
      long other = (p.leafIndex() + 1 + rnd.nextInt((int) p.treeSize() - 1)) % p.treeSize();
      out.add(new InclusionProof(other, p.treeSize(), p.hashes()));
    }
    return out;
  }

  private static List<List<byte[]>> corruptHashes(Random rnd, List<byte[]> hashes) {
    List<List<byte[]>> out = new ArrayList<>();
    for (int i = 0; i < hashes.size(); i++) {
      List<byte[]> c = new ArrayList<>(hashes);
      c.set(i, flip(rnd, c.get(i)));
      out.add(c);
      List<byte[]> removed = new ArrayList<>(hashes);
      removed.remove(i);
      out.add(removed);
    }
    List<byte[]> extra = new ArrayList<>(hashes);
    byte[] junk = new byte[32];
    rnd.nextBytes(junk);
    extra.add(junk);
    out.add(extra);
    return out;
  }

  static byte[] flip(Random rnd, byte[] b) {
    byte[] c = b.clone();
    c[rnd.nextInt(c.length)] ^= (byte) (1 << rnd.nextInt(8));
    return c;
  }
}

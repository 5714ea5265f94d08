package io.liveguard.evidence.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The worked examples of RFC 6962 §2.1.3 (audit paths) and §2.1.4 (consistency proofs), on the
 * RFC's seven-leaf tree:
 *
 * <pre>
 *             hash
 *            /    \
 *           k      l
 *          / \    / \
 *         g   h  i   j
 *        / \ / \/ \  |
 *        a b c d e f d6
 * </pre>
 */
class Rfc6962ExamplesTest {

  MemoryTree t;
  byte[] a, b, c, d, e, f, j, g, h, i, k, l;

  @BeforeEach
  void buildTheSevenLeafTree() {
    t = new MemoryTree();
    for (int n = 0; n < 7; n++) {
      t.append(("d" + n).getBytes(StandardCharsets.US_ASCII));
    }
    a = t.node(0, 0);
    b = t.node(0, 1);
    c = t.node(0, 2);
    d = t.node(0, 3);
    e = t.node(0, 4);
    f = t.node(0, 5);
    j = t.node(0, 6); // d6's leaf is promoted: j is its leaf hash
    g = Rfc6962.nodeHash(a, b);
    h = Rfc6962.nodeHash(c, d);
    i = Rfc6962.nodeHash(e, f);
    k = Rfc6962.nodeHash(g, h);
    l = Rfc6962.nodeHash(i, j);
  }

  @Test
  void rootIsHashOfKAndL() {
    assertThat(t.root()).isEqualTo(Rfc6962.nodeHash(k, l));
  }

  @Test
  void auditPathsMatchSection213() throws IOException {
    assertThat(path(0)).containsExactly(b, h, l);
    assertThat(path(3)).containsExactly(c, g, l);
    assertThat(path(4)).containsExactly(f, j, k);
    assertThat(path(6)).containsExactly(i, k);
  }

  @Test
  void consistencyProofsMatchSection214() throws IOException {
    assertThat(consistency(3)).containsExactly(c, d, g, l);
    assertThat(consistency(4)).containsExactly(l);
    assertThat(consistency(6)).containsExactly(i, j, k);
    for (int m : new int[] {3, 4, 6}) {
      ConsistencyProof p = ProofBuilder.consistency(t, m, 7);
      assertThat(ProofVerifier.verifyConsistency(p, ProofBuilder.root(t, m), t.root())).isTrue();
    }
  }

  private List<byte[]> path(int leaf) throws IOException {
    InclusionProof p = ProofBuilder.inclusion(t, leaf, 7);
    assertThat(ProofVerifier.verifyInclusion(t.node(0, leaf), p, t.root())).isTrue();
    return p.hashes();
  }

  private List<byte[]> consistency(int m) throws IOException {
    return ProofBuilder.consistency(t, m, 7).hashes();
  }
}

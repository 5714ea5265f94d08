package io.liveguard.evidence.log;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds RFC 6962 roots, inclusion proofs and consistency proofs from a {@link NodeSource}.
 *
 * <p>Every subtree the RFC 6962 recursion asks for is either a complete aligned subtree (one stored
 * hash) or the right edge of the tree, which splits into at most log2(n) complete subtrees. So each
 * proof costs O(log² n) stored-hash reads in the worst case and O(log n) typically, independent of
 * how the hashes are laid out on disk.
 */
public final class ProofBuilder {

  private ProofBuilder() {}

  /** Returns the RFC 6962 root of the first {@code size} leaves, {@code size <= source.size()}. */
  public static byte[] root(NodeSource source, long size) throws IOException {
    checkSize(source, size);
    return size == 0 ? Rfc6962.emptyRoot() : subtreeHash(source, 0, size);
  }

  /** Returns the inclusion proof of leaf {@code index} in the tree of {@code size} leaves. */
  public static InclusionProof inclusion(NodeSource source, long index, long size)
      throws IOException {
    checkSize(source, size);
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException(
          "leaf index " + index + " is outside the tree of size " + size);
    }
    List<byte[]> path = new ArrayList<>();
    collectPath(source, index, 0, size, path);
    return new InclusionProof(index, size, path);
  }

  /** Returns the consistency proof between tree sizes {@code size1} and {@code size2}. */
  public static ConsistencyProof consistency(NodeSource source, long size1, long size2)
      throws IOException {
    checkSize(source, size2);
    if (size1 < 0 || size1 > size2) {
      throw new IllegalArgumentException(
          "consistency needs 0 <= size1 <= size2, got " + size1 + " and " + size2);
    }
    List<byte[]> path = new ArrayList<>();
    if (size1 > 0 && size1 < size2) {
      collectSubproof(source, size1, 0, size2, true, path);
    }
    return new ConsistencyProof(size1, size2, path);
  }

  /** Returns MTH(D[lo:hi]) for {@code 0 <= lo < hi <= source.size()}. */
  public static byte[] subtreeHash(NodeSource source, long lo, long hi) throws IOException {
    long n = hi - lo;
    if (n <= 0) {
      throw new IllegalArgumentException("empty subtree [" + lo + ", " + hi + ")");
    }
    if (Long.bitCount(n) == 1 && lo % n == 0) {
      int level = Long.numberOfTrailingZeros(n);
      return source.node(level, lo >>> level);
    }
    long k = Rfc6962.splitPoint(n);
    return Rfc6962.nodeHash(subtreeHash(source, lo, lo + k), subtreeHash(source, lo + k, hi));
  }

  // PATH(m, D[lo:hi]) of RFC 6962 §2.1.1, written with absolute offsets; appends leaf-to-root.
  private static void collectPath(NodeSource source, long m, long lo, long hi, List<byte[]> out)
      throws IOException {
    long n = hi - lo;
    if (n <= 1) {
      return;
    }
    long k = Rfc6962.splitPoint(n);
    if (m < k) {
      collectPath(source, m, lo, lo + k, out);
      out.add(subtreeHash(source, lo + k, hi));
    } else {
      collectPath(source, m - k, lo + k, hi, out);
      out.add(subtreeHash(source, lo, lo + k));
    }
  }

  // SUBPROOF(m, D[lo:hi], b) of RFC 6962 §2.1.2.
  private static void collectSubproof(
      NodeSource source, long m, long lo, long hi, boolean whole, List<byte[]> out)
      throws IOException {
    long n = hi - lo;
    if (m == n) {
      if (!whole) {
        out.add(subtreeHash(source, lo, hi));
      }
      return;
    }
    long k = Rfc6962.splitPoint(n);
    if (m <= k) {
      collectSubproof(source, m, lo, lo + k, whole, out);
      out.add(subtreeHash(source, lo + k, hi));
    } else {
      collectSubproof(source, m - k, lo + k, hi, false, out);
      out.add(subtreeHash(source, lo, lo + k));
    }
  }

  private static void checkSize(NodeSource source, long size) {
    if (size < 0 || size > source.size()) {
      throw new IllegalArgumentException(
          "tree size " + size + " is outside [0, " + source.size() + "]");
    }
  }
}

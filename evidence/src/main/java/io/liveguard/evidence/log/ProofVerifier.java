package io.liveguard.evidence.log;

import java.security.MessageDigest;
import java.util.List;

/**
 * Verifies RFC 9162 inclusion and consistency proofs; every outcome is a boolean, never an
 * exception, because an invalid proof is an expected result when checking untrusted input.
 *
 * <p>The algorithms are those of RFC 9162 §2.1.3.2 and §2.1.4.2. Preconditions are checked before
 * any hashing. Policy points follow transparency-dev/merkle: a consistency proof from size 0 is
 * rejected, and for equal sizes the proof must be empty and the roots byte-for-byte equal.
 */
public final class ProofVerifier {

  private ProofVerifier() {}

  /** Returns whether {@code proof} shows that {@code leafHash} is in the tree with {@code root}. */
  public static boolean verifyInclusion(byte[] leafHash, InclusionProof proof, byte[] root) {
    if (leafHash == null || root == null || proof == null) {
      return false;
    }
    if (leafHash.length != Rfc6962.HASH_SIZE || root.length != Rfc6962.HASH_SIZE) {
      return false;
    }
    long index = proof.leafIndex();
    long size = proof.treeSize();
    if (index < 0 || size <= 0 || index >= size) {
      return false;
    }
    if (!allHashSized(proof.hashes())) {
      return false;
    }
    long fn = index;
    long sn = size - 1;
    byte[] r = leafHash;
    for (byte[] p : proof.hashes()) {
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = Rfc6962.nodeHash(p, r);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        r = Rfc6962.nodeHash(r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && MessageDigest.isEqual(r, root);
  }

  /**
   * Returns whether {@code proof} shows the tree with {@code root1} is a prefix of {@code root2}.
   */
  public static boolean verifyConsistency(ConsistencyProof proof, byte[] root1, byte[] root2) {
    if (proof == null || root1 == null || root2 == null) {
      return false;
    }
    long size1 = proof.size1();
    long size2 = proof.size2();
    List<byte[]> path = proof.hashes();
    if (size1 < 0 || size2 < 0 || size1 > size2) {
      return false;
    }
    if (size1 == 0) {
      return false;
    }
    if (size1 == size2) {
      return path.isEmpty() && MessageDigest.isEqual(root1, root2);
    }
    if (path.isEmpty()
        || !allHashSized(path)
        || root1.length != Rfc6962.HASH_SIZE
        || root2.length != Rfc6962.HASH_SIZE) {
      return false;
    }
    int start = 0;
    byte[] seed;
    if (Long.bitCount(size1) == 1) {
      // size1 is a complete subtree: its root is the implicit first element of the path.
      seed = root1;
    } else {
      seed = path.get(0);
      start = 1;
    }
    long fn = size1 - 1;
    long sn = size2 - 1;
    while ((fn & 1) == 1) {
      fn >>= 1;
      sn >>= 1;
    }
    byte[] fr = seed;
    byte[] sr = seed;
    for (int i = start; i < path.size(); i++) {
      byte[] c = path.get(i);
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = Rfc6962.nodeHash(c, fr);
        sr = Rfc6962.nodeHash(c, sr);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      } else {
        sr = Rfc6962.nodeHash(sr, c);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && MessageDigest.isEqual(fr, root1) && MessageDigest.isEqual(sr, root2);
  }

  private static boolean allHashSized(List<byte[]> hashes) {
    for (byte[] h : hashes) {
      if (h == null || h.length != Rfc6962.HASH_SIZE) {
        return false;
      }
    }
    return true;
  }
}

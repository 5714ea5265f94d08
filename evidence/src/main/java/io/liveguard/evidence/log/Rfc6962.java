package io.liveguard.evidence.log;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * RFC 6962 / RFC 9162 Merkle tree hashing with SHA-256: {@code leaf = SHA-256(0x00 || data)} and
 * {@code node = SHA-256(0x01 || left || right)}; the empty tree hashes to {@code SHA-256("")}.
 *
 * <p>Thread-safe: every call uses its own {@link MessageDigest}.
 */
public final class Rfc6962 {

  /** The length in bytes of every hash in the tree. */
  public static final int HASH_SIZE = 32;

  private static final byte LEAF_PREFIX = 0x00;
  private static final byte NODE_PREFIX = 0x01;

  private Rfc6962() {}

  /** Returns the leaf hash {@code SHA-256(0x00 || data)} of one log entry. */
  public static byte[] leafHash(byte[] data) {
    MessageDigest md = sha256();
    md.update(LEAF_PREFIX);
    md.update(data);
    return md.digest();
  }

  /** Returns the interior node hash {@code SHA-256(0x01 || left || right)}. */
  public static byte[] nodeHash(byte[] left, byte[] right) {
    MessageDigest md = sha256();
    md.update(NODE_PREFIX);
    md.update(left);
    md.update(right);
    return md.digest();
  }

  /** Returns the root of the empty tree, {@code SHA-256("")}. */
  public static byte[] emptyRoot() {
    return sha256().digest();
  }

  /** Returns a fresh SHA-256 digest; SHA-256 is mandatory in every Java runtime. */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }

  /** Returns the largest power of two strictly smaller than {@code n}; {@code n} must be > 1. */
  static long splitPoint(long n) {
    if (n < 2) {
      throw new IllegalArgumentException("no split point for a tree of size " + n);
    }
    return Long.highestOneBit(n - 1);
  }
}

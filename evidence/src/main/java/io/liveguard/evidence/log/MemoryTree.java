package io.liveguard.evidence.log;

import java.util.ArrayList;
import java.util.List;

/**
 * An in-memory RFC 6962 tree holding every complete subtree hash; for chunk trees of one blob, for
 * tests and for rebuilding small trees. Not thread-safe.
 */
public final class MemoryTree implements NodeSource {

  private final List<List<byte[]>> levels = new ArrayList<>();
  private long size;

  /** Appends one leaf given by its leaf hash ({@link Rfc6962#leafHash}). */
  public void appendLeafHash(byte[] leafHash) {
    if (leafHash.length != Rfc6962.HASH_SIZE) {
      throw new IllegalArgumentException("leaf hash must be 32 bytes, got " + leafHash.length);
    }
    byte[] h = leafHash;
    int level = 0;
    long index = size;
    while (true) {
      if (levels.size() == level) {
        levels.add(new ArrayList<>());
      }
      levels.get(level).add(h);
      if ((index & 1) == 0) {
        break;
      }
      List<byte[]> row = levels.get(level);
      h = Rfc6962.nodeHash(row.get(row.size() - 2), h);
      level++;
      index >>= 1;
    }
    size++;
  }

  /** Appends one entry, hashing it as a leaf. */
  public void append(byte[] data) {
    appendLeafHash(Rfc6962.leafHash(data));
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public byte[] node(int level, long index) {
    if (level >= levels.size() || index >= levels.get(level).size()) {
      throw new IllegalArgumentException(
          "no complete subtree at level " + level + " index " + index);
    }
    return levels.get(level).get((int) index);
  }

  /** Returns the root of the whole tree. */
  public byte[] root() {
    try {
      return ProofBuilder.root(this, size);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The compact right edge of a tree (one hash per set bit of its size): computes a root in O(log
   * n) memory while leaves stream by. Not thread-safe.
   */
  public static final class Edge {
    private final java.util.ArrayDeque<byte[]> stack = new java.util.ArrayDeque<>();
    private long size;

    /** Adds the next leaf hash. */
    public void add(byte[] leafHash) {
      byte[] h = leafHash;
      for (long s = size; (s & 1) == 1; s >>>= 1) {
        h = Rfc6962.nodeHash(stack.pop(), h);
      }
      stack.push(h);
      size++;
    }

    /** Returns the number of leaves added. */
    public long size() {
      return size;
    }

    /** Returns the RFC 6962 root of the leaves added so far. */
    public byte[] root() {
      byte[] r = null;
      for (byte[] h : stack) {
        r = r == null ? h : Rfc6962.nodeHash(h, r);
      }
      return r == null ? Rfc6962.emptyRoot() : r;
    }
  }
}

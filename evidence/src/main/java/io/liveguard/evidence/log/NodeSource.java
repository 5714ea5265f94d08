package io.liveguard.evidence.log;

import java.io.IOException;

/**
 * Read access to the stored hashes of complete, aligned subtrees of a Merkle tree: the node at
 * {@code level} and {@code index} covers leaves {@code [index << level, (index + 1) << level)}.
 */
public interface NodeSource {

  /** Returns the number of leaves whose hashes may be read. */
  long size();

  /**
   * Returns the hash of the complete subtree at {@code level} and {@code index}; the subtree must
   * lie within {@code [0, size())}.
   */
  byte[] node(int level, long index) throws IOException;
}

package io.liveguard.evidence.log;

import java.util.List;

/**
 * An RFC 9162 consistency proof that the tree of size {@code size1} is a prefix of the tree of size
 * {@code size2}.
 *
 * @param size1 the older tree size
 * @param size2 the newer tree size
 * @param hashes the proof nodes in RFC 9162 order
 */
public record ConsistencyProof(long size1, long size2, List<byte[]> hashes) {
  public ConsistencyProof {
    hashes = List.copyOf(hashes);
  }
}

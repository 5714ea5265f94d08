package io.liveguard.evidence.log;

import java.util.List;

/**
 * An RFC 9162 inclusion (audit) proof that the leaf at {@code leafIndex} is in the tree of size
 * {@code treeSize}; {@code hashes} run from the leaf's sibling up to the root's child.
 *
 * @param leafIndex 0-based index of the leaf, in {@code [0, treeSize)} for a valid proof
 * @param treeSize the size of the tree the proof is for
 * @param hashes the audit path; each element should be 32 bytes (checked by the verifier)
 */
public record InclusionProof(long leafIndex, long treeSize, List<byte[]> hashes) {
  public InclusionProof {
    hashes = List.copyOf(hashes);
  }
}

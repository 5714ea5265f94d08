package io.liveguard.media.slice;

import io.liveguard.evidence.log.InclusionProof;
import java.util.Objects;

/**
 * The evidence fixed for one finding: a manifest (canonical JSON listing the media segments, the
 * keyframe, the event and the finding, each blob by its SHA-256 and SM3), stored in the blob store,
 * and appended as a leaf of the Merkle log, with the inclusion proof against the log's root at
 * {@code treeSize}.
 *
 * <p>A minimal package until the evidence module's package/seal facade lands; {@link
 * SliceSealer#verify} checks it offline against a blob store.
 */
public record EvidenceSlice(
    String manifestSha256, byte[] manifest, long leafIndex, InclusionProof proof, byte[] root) {

  public EvidenceSlice {
    Objects.requireNonNull(manifestSha256, "manifestSha256");
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(proof, "proof");
    Objects.requireNonNull(root, "root");
  }
}

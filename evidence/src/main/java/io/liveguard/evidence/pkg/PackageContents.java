package io.liveguard.evidence.pkg;

import io.liveguard.evidence.checkpoint.SignedNote;
import io.liveguard.evidence.log.ConsistencyProof;
import io.liveguard.evidence.log.InclusionProof;
import java.util.List;

/**
 * Everything in an evidence package except the item bytes: what the writer serializes, and what the
 * report is rendered from.
 *
 * @param manifestBytes the exact logged manifest bytes
 * @param manifest the parsed manifest
 * @param sealed the checkpoint signed when the evidence was sealed
 * @param sealedTimestamp the RFC 3161 token over the sealed checkpoint's bytes
 * @param sealedProof inclusion of the manifest in the sealed checkpoint
 * @param checkpoint the checkpoint signed at export
 * @param timestamp the RFC 3161 token over the export checkpoint's bytes
 * @param manifestProof inclusion of the manifest in the export checkpoint
 * @param consistency consistency of the sealed checkpoint with the export checkpoint
 * @param custody the custody events' exact bytes, in log order
 * @param custodyProofs inclusion of each custody event in the export checkpoint
 * @param trust the log's trust policy
 */
public record PackageContents(
    byte[] manifestBytes,
    EvidenceManifest manifest,
    SignedNote sealed,
    byte[] sealedTimestamp,
    InclusionProof sealedProof,
    SignedNote checkpoint,
    byte[] timestamp,
    InclusionProof manifestProof,
    ConsistencyProof consistency,
    List<byte[]> custody,
    List<InclusionProof> custodyProofs,
    TrustPolicy trust) {

  public PackageContents {
    custody = List.copyOf(custody);
    custodyProofs = List.copyOf(custodyProofs);
  }
}

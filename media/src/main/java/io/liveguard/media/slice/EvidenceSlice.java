package io.liveguard.media.slice;

import io.liveguard.evidence.SealedEvidence;
import io.liveguard.media.capture.SegmentSpool;
import java.util.List;
import java.util.Objects;

/**
 * The evidence fixed for one finding through the evidence vault: the TS segments around it, the
 * keyframe the text was read from, the event (transcript or screen text), the finding and a slice
 * index, sealed as one piece of evidence ({@link SealedEvidence}: manifest in the Merkle log,
 * checkpoint signed with Ed25519 and SM2, RFC 3161 time-stamped).
 *
 * @param sealed what the vault sealed: the evidence id, its log index, manifest and checkpoint
 * @param segments the segments the slice holds, in media order (empty if the finding's media had
 *     already left the rolling window)
 */
public record EvidenceSlice(SealedEvidence sealed, List<SegmentSpool.Segment> segments) {

  public EvidenceSlice {
    Objects.requireNonNull(sealed, "sealed");
    segments = List.copyOf(segments);
  }

  /** The evidence id (SHA-256 hex of the manifest bytes). */
  public String id() {
    return sealed.id();
  }

  /** The manifest's index in the log. */
  public long leafIndex() {
    return sealed.leafIndex();
  }
}

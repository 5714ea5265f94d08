package io.liveguard.evidence;

import io.liveguard.evidence.checkpoint.SignedNote;
import io.liveguard.evidence.pkg.EvidenceManifest;

/**
 * Evidence fixed in the log: its manifest is entry {@code leafIndex}, covered by a signed
 * checkpoint that was time-stamped.
 *
 * @param id the evidence id (SHA-256 hex of the manifest bytes)
 * @param leafIndex the manifest's index in the log
 * @param manifest the manifest
 * @param manifestBytes the exact logged bytes
 * @param checkpoint the checkpoint signed right after sealing (with witness cosignatures)
 * @param timestamp the RFC 3161 token over the checkpoint's bytes
 */
public record SealedEvidence(
    String id,
    long leafIndex,
    EvidenceManifest manifest,
    byte[] manifestBytes,
    SignedNote checkpoint,
    byte[] timestamp) {}

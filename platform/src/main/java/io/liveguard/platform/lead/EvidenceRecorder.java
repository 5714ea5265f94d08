package io.liveguard.platform.lead;

/** Fixes the evidence of a stored finding at once; returns the evidence id. */
public interface EvidenceRecorder {
  long record(long findingId, long leadId, RaisedFinding raised, String findingJson);
}

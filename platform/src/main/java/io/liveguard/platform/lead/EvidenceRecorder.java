package io.liveguard.platform.lead;

import java.util.List;

/** Fixes the evidence of stored findings at once, in the caller's transaction. */
public interface EvidenceRecorder {

  /** A stored finding whose evidence is to be fixed. */
  record Stored(long findingId, long leadId, RaisedFinding raised, String findingJson) {}

  /**
   * Records a draft for each finding (in the order given) and returns the evidence ids in that
   * order.
   */
  List<Long> recordAll(List<Stored> findings);
}

package io.liveguard.platform.lead;

import java.util.List;
import java.util.Map;

/**
 * Where the live analysis hands its findings: each is stored, its evidence fixed, and it joins the
 * open lead of its session and rule family (a new lead when there is none). Runs in the caller's
 * transaction.
 */
public interface LeadIntake {
  void accept(List<RaisedFinding> findings);

  /** Cumulative timings of the intake (milliseconds by name), for the pipeline statistics. */
  default Map<String, Long> timings() {
    return Map.of();
  }
}

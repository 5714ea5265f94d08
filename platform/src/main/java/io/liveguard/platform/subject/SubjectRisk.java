package io.liveguard.platform.subject;

import java.util.List;
import java.util.Optional;

/**
 * The risk score of a subject, as the subject profile shows it. Optional: the profile shows its
 * risk section only when a bean of this type exists (the risk feature provides one, or an adapter
 * over it).
 */
public interface SubjectRisk {

  /**
   * The subject's current risk.
   *
   * @param kind {@code enterprise}, {@code streamer} or {@code room}
   * @param id the subject's registry id
   * @return the assessment, or empty when none is computed for this subject
   */
  Optional<Assessment> assess(String kind, long id);

  /**
   * A risk assessment.
   *
   * @param score the score, higher is riskier
   * @param level a short level id ({@code low}, {@code medium}, {@code high}) or label
   * @param reasons why, one line each, in the user's language
   */
  record Assessment(double score, String level, List<String> reasons) {
    public Assessment {
      reasons = List.copyOf(reasons);
    }
  }
}

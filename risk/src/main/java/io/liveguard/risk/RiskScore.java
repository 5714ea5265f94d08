package io.liveguard.risk;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A subject's risk at one instant, with its reasons: the points of the contributions add up to
 * {@code raw}, and {@code score} is {@link ScoringRules#score(double)} of it.
 *
 * @param score 0 (no risk known) to 100
 * @param contributions the reasons with non-zero points, largest first
 */
public record RiskScore(
    Subject subject, int score, double raw, List<Contribution> contributions, Instant asOf) {

  public RiskScore {
    Objects.requireNonNull(subject, "subject");
    contributions = List.copyOf(contributions);
    Objects.requireNonNull(asOf, "asOf");
  }

  /**
   * One reason: {@code points = weight × amount}. For an accrual, {@code amount} is the decayed
   * count and {@code count} the undecayed one; for the category, {@code weight} is the factor and
   * {@code amount} the own points it multiplies ({@code points = (factor − 1) × amount}); for a
   * link, {@code amount} is the linked points and {@code count} the number of linked subjects.
   */
  public record Contribution(
      Reason reason, double weight, double amount, long count, double points) {
    public Contribution {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The tier of this score under the rules' thresholds, or {@code null} below blue. */
  public Tier tier(WarningRules rules) {
    return rules.scoreTier(score);
  }
}

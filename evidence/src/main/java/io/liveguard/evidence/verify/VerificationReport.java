package io.liveguard.evidence.verify;

import java.util.List;

/**
 * The outcome of verifying a package: every check in order, and whether only the package's own
 * embedded trust policy was available.
 *
 * @param checks the checks, in the order performed
 * @param embeddedTrustOnly true when no independent trust policy was supplied, so the package was
 *     checked only against the keys it carries itself
 */
public record VerificationReport(List<Check> checks, boolean embeddedTrustOnly) {

  public VerificationReport {
    checks = List.copyOf(checks);
  }

  /** Returns whether there was at least one check and every check passed. */
  public boolean passed() {
    return !checks.isEmpty() && checks.stream().allMatch(Check::passed);
  }

  /** Returns the failed checks. */
  public List<Check> failures() {
    return checks.stream().filter(c -> !c.passed()).toList();
  }
}

package io.liveguard.risk;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * The own accruals of one subject: for each {@link Reason#accrual() accrual} a count decayed to
 * {@link #asOf()} and the undecayed total, plus the number of confirmed leads. Updating is O(1):
 * the values are decayed to the new instant, then the amount is added. An amount older than {@code
 * asOf} is added already decayed, so the order of arrival does not change the result. Not
 * thread-safe.
 */
public final class SubjectState {
  private final double[] values = new double[Reason.ACCRUALS.length];
  private final long[] counts = new long[Reason.ACCRUALS.length];
  private Instant asOf;
  private long confirmedLeads;

  /** An empty state. */
  public SubjectState() {}

  /** Restores a stored state (arrays are indexed by {@code Reason.ordinal()} of the accruals). */
  public static SubjectState restore(
      Instant asOf, double[] values, long[] counts, long confirmedLeads) {
    if (values.length != Reason.ACCRUALS.length || counts.length != Reason.ACCRUALS.length) {
      throw new IllegalArgumentException(
          "a state has " + Reason.ACCRUALS.length + " accruals, got " + values.length);
    }
    SubjectState s = new SubjectState();
    System.arraycopy(values, 0, s.values, 0, values.length);
    System.arraycopy(counts, 0, s.counts, 0, counts.length);
    s.asOf = asOf;
    s.confirmedLeads = confirmedLeads;
    return s;
  }

  /** The instant the values are decayed to, or {@code null} when nothing has accrued. */
  public Instant asOf() {
    return asOf;
  }

  public long confirmedLeads() {
    return confirmedLeads;
  }

  void confirmedLead() {
    confirmedLeads++;
  }

  /** The values decayed to {@link #asOf()}, indexed by accrual ordinal (a copy). */
  public double[] values() {
    return values.clone();
  }

  /** The undecayed counts, indexed by accrual ordinal (a copy). */
  public long[] counts() {
    return counts.clone();
  }

  public long count(Reason r) {
    return counts[index(r)];
  }

  /** Adds {@code amount} of accrual {@code r} that happened at {@code at}. */
  void add(Reason r, double amount, Instant at, ScoringRules rules) {
    int i = index(r);
    if (asOf == null) {
      asOf = at;
    } else if (at.isAfter(asOf)) {
      decayTo(at, rules);
    }
    values[i] += amount * decay(Duration.between(at, asOf), rules.halfLife(r));
    counts[i]++;
  }

  /**
   * The value of accrual {@code r} decayed to {@code now} (never grown: now before asOf = asOf).
   */
  public double valueAt(Reason r, Instant now, ScoringRules rules) {
    if (asOf == null) {
      return 0;
    }
    double v = values[index(r)];
    return now.isAfter(asOf) ? v * decay(Duration.between(asOf, now), rules.halfLife(r)) : v;
  }

  private void decayTo(Instant t, ScoringRules rules) {
    Duration d = Duration.between(asOf, t);
    for (int i = 0; i < values.length; i++) {
      if (values[i] != 0) {
        values[i] *= decay(d, rules.halfLife(Reason.ACCRUALS[i]));
      }
    }
    asOf = t;
  }

  /** {@code 2^(−age / halfLife)}; 1 for a non-positive age. */
  public static double decay(Duration age, Duration halfLife) {
    if (age.isNegative() || age.isZero()) {
      return 1;
    }
    return Math.pow(2, -(double) age.toMillis() / halfLife.toMillis());
  }

  private static int index(Reason r) {
    if (!r.accrual()) {
      throw new IllegalArgumentException(r.id() + " is not an own accrual");
    }
    return r.ordinal();
  }

  @Override
  public String toString() {
    return "SubjectState[asOf="
        + asOf
        + ", values="
        + Arrays.toString(values)
        + ", counts="
        + Arrays.toString(counts)
        + "]";
  }
}

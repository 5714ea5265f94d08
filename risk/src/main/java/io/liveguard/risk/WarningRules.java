package io.liveguard.risk;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The thresholds of the early-warning rules, documented in docs/risk.md.
 *
 * <ul>
 *   <li>{@code score}: a room's score reaches {@code scoreBlue}, {@code scoreYellow}, {@code
 *       scoreOrange} or {@code scoreRed}.
 *   <li>{@code findings_jump}: a room's findings on one calendar day (in {@code zone}) reach {@code
 *       jumpMin[tier]} and {@code jumpFactor[tier]} times its baseline, the mean daily count of the
 *       {@code baselineDays} days before (a baseline below 1 counts as 1). Tiers yellow, orange,
 *       red.
 *   <li>{@code banned_streamer}: a blacklisted streamer goes on air in a room: red.
 *   <li>{@code mcn_counterfeit}: the same counterfeit cue in {@code cueOrange} (orange) or {@code
 *       cueRed} (red) distinct rooms of one MCN within {@code cueWindow}.
 * </ul>
 *
 * A warning stays open until acknowledged; while open, a higher tier escalates it and a lower or
 * equal one only refreshes its last trigger. After acknowledgement, the rule raises a new warning
 * for the subject when it fires at a higher tier than the acknowledged one, or at any tier once
 * {@code cooldown} has passed since the acknowledgement. A room's monitoring priority is the
 * highest {@link Tier#priority()} of its warnings triggered within {@code priorityHold}.
 */
public record WarningRules(
    int scoreBlue,
    int scoreYellow,
    int scoreOrange,
    int scoreRed,
    int baselineDays,
    int[] jumpMin,
    double[] jumpFactor,
    int cueOrange,
    int cueRed,
    Duration cueWindow,
    Duration cooldown,
    Duration priorityHold,
    ZoneId zone) {

  public static final String SCORE = "score";
  public static final String FINDINGS_JUMP = "findings_jump";
  public static final String BANNED_STREAMER = "banned_streamer";
  public static final String MCN_COUNTERFEIT = "mcn_counterfeit";

  /** The family (violation category) whose findings carry counterfeit cues. */
  public static final String COUNTERFEIT_FAMILY = "counterfeit";

  public WarningRules {
    if (!(0 < scoreBlue
        && scoreBlue < scoreYellow
        && scoreYellow < scoreOrange
        && scoreOrange < scoreRed
        && scoreRed <= 100)) {
      throw new IllegalArgumentException(
          "score thresholds must rise within 1..100: "
              + scoreBlue
              + ", "
              + scoreYellow
              + ", "
              + scoreOrange
              + ", "
              + scoreRed);
    }
    if (baselineDays < 1) {
      throw new IllegalArgumentException("baselineDays must be ≥ 1: " + baselineDays);
    }
    jumpMin = jumpMin.clone();
    jumpFactor = jumpFactor.clone();
    if (jumpMin.length != 3 || jumpFactor.length != 3) {
      throw new IllegalArgumentException("jump thresholds: three tiers (yellow, orange, red)");
    }
    for (int i = 0; i < 3; i++) {
      if (jumpMin[i] < 1 || !(jumpFactor[i] >= 1)) {
        throw new IllegalArgumentException(
            "jump tier " + i + ": min " + jumpMin[i] + " must be ≥ 1, factor ≥ 1");
      }
    }
    if (!(2 <= cueOrange && cueOrange < cueRed)) {
      throw new IllegalArgumentException(
          "cue thresholds must satisfy 2 ≤ orange < red: " + cueOrange + ", " + cueRed);
    }
    Objects.requireNonNull(cueWindow, "cueWindow");
    Objects.requireNonNull(cooldown, "cooldown");
    Objects.requireNonNull(priorityHold, "priorityHold");
    Objects.requireNonNull(zone, "zone");
  }

  /** The defaults documented in docs/risk.md. */
  public static WarningRules defaults() {
    return new WarningRules(
        40,
        60,
        75,
        90,
        7,
        new int[] {5, 10, 20},
        new double[] {3, 5, 10},
        3,
        5,
        Duration.ofDays(7),
        Duration.ofDays(7),
        Duration.ofDays(7),
        ZoneId.of("Asia/Shanghai"));
  }

  @Override
  public int[] jumpMin() {
    return jumpMin.clone();
  }

  @Override
  public double[] jumpFactor() {
    return jumpFactor.clone();
  }

  /** The tier of a score, or {@code null} below blue. */
  public Tier scoreTier(int score) {
    if (score >= scoreRed) {
      return Tier.RED;
    }
    if (score >= scoreOrange) {
      return Tier.ORANGE;
    }
    if (score >= scoreYellow) {
      return Tier.YELLOW;
    }
    return score >= scoreBlue ? Tier.BLUE : null;
  }

  /** The tier of a day's findings against the baseline mean, or {@code null}. */
  public Tier jumpTier(int today, double baseline) {
    double base = Math.max(1.0, baseline);
    Tier[] tiers = {Tier.YELLOW, Tier.ORANGE, Tier.RED};
    Tier t = null;
    for (int i = 0; i < 3; i++) {
      if (today >= jumpMin[i] && today >= jumpFactor[i] * base) {
        t = tiers[i];
      }
    }
    return t;
  }

  /** The tier of a cue seen in {@code rooms} distinct rooms of one MCN, or {@code null}. */
  public Tier cueTier(int rooms) {
    if (rooms >= cueRed) {
      return Tier.RED;
    }
    return rooms >= cueOrange ? Tier.ORANGE : null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WarningRules w
        && scoreBlue == w.scoreBlue
        && scoreYellow == w.scoreYellow
        && scoreOrange == w.scoreOrange
        && scoreRed == w.scoreRed
        && baselineDays == w.baselineDays
        && java.util.Arrays.equals(jumpMin, w.jumpMin)
        && java.util.Arrays.equals(jumpFactor, w.jumpFactor)
        && cueOrange == w.cueOrange
        && cueRed == w.cueRed
        && cueWindow.equals(w.cueWindow)
        && cooldown.equals(w.cooldown)
        && priorityHold.equals(w.priorityHold)
        && zone.equals(w.zone);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        scoreBlue,
        scoreRed,
        baselineDays,
        java.util.Arrays.hashCode(jumpMin),
        java.util.Arrays.hashCode(jumpFactor),
        cueOrange,
        cueRed);
  }

  @Override
  public String toString() {
    return "WarningRules[score "
        + scoreBlue
        + "/"
        + scoreYellow
        + "/"
        + scoreOrange
        + "/"
        + scoreRed
        + ", jump min "
        + java.util.Arrays.toString(jumpMin)
        + " factor "
        + java.util.Arrays.toString(jumpFactor)
        + ", cue "
        + cueOrange
        + "/"
        + cueRed
        + " in "
        + cueWindow
        + "]";
  }
}

package io.liveguard.risk;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The weights of the risk score, documented in docs/risk.md. A subject's raw value is the sum of
 * its reasons' points; each own accrual is a count decayed exponentially with its half-life ({@code
 * count × 2^(−age / halfLife)}), times its weight. A room's own points are multiplied by the factor
 * of its riskiest product category. The score shown is {@code round(100 × (1 − e^(−raw / scale)))},
 * in {@code [0, 100]}.
 *
 * @param weights points per unit of each reason (for links: the share of the linked points)
 * @param halfLives the half-life of each own accrual
 * @param categoryFactors multiplier per product category id; a category not listed has factor 1
 * @param scale the raw value at which the score reaches 63
 */
public record ScoringRules(
    Map<Reason, Double> weights,
    Map<Reason, Duration> halfLives,
    Map<String, Double> categoryFactors,
    double scale) {

  public ScoringRules {
    weights = Map.copyOf(weights);
    halfLives = Map.copyOf(halfLives);
    categoryFactors = Map.copyOf(categoryFactors);
    for (Reason r : Reason.values()) {
      if (r == Reason.CATEGORY) {
        continue;
      }
      Double w = weights.get(r);
      if (w == null || !(w >= 0) || w.isInfinite()) {
        throw new IllegalArgumentException("weight of " + r.id() + " must be ≥ 0: " + w);
      }
    }
    for (Reason r : Reason.ACCRUALS) {
      Duration h = halfLives.get(r);
      if (h == null || h.isNegative() || h.isZero()) {
        throw new IllegalArgumentException("half-life of " + r.id() + " must be positive: " + h);
      }
    }
    categoryFactors.forEach(
        (c, f) -> {
          if (!(f >= 1) || f.isInfinite()) {
            throw new IllegalArgumentException("factor of category " + c + " must be ≥ 1: " + f);
          }
        });
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException("scale must be positive: " + scale);
    }
  }

  /** The defaults documented in docs/risk.md. */
  public static ScoringRules defaults() {
    Map<Reason, Double> w = new EnumMap<>(Reason.class);
    w.put(Reason.NOTICE_FINDINGS, 1.0);
    w.put(Reason.WARNING_FINDINGS, 3.0);
    w.put(Reason.SERIOUS_FINDINGS, 8.0);
    w.put(Reason.CONFIRMED_LEADS, 10.0);
    w.put(Reason.REPEAT_OFFENCES, 10.0);
    w.put(Reason.COMPLAINTS, 2.0);
    w.put(Reason.SPECIFIC_COMPLAINTS, 4.0);
    w.put(Reason.STREAMER_OTHER_ROOMS, 0.3);
    w.put(Reason.STREAMER_ROOMS, 1.0);
    w.put(Reason.MCN_PEERS, 0.1);
    w.put(Reason.OPERATED_ROOMS, 1.0);
    w.put(Reason.MCN_STREAMERS, 0.5);
    Map<Reason, Duration> h = new EnumMap<>(Reason.class);
    h.put(Reason.NOTICE_FINDINGS, Duration.ofDays(30));
    h.put(Reason.WARNING_FINDINGS, Duration.ofDays(30));
    h.put(Reason.SERIOUS_FINDINGS, Duration.ofDays(30));
    h.put(Reason.CONFIRMED_LEADS, Duration.ofDays(90));
    h.put(Reason.REPEAT_OFFENCES, Duration.ofDays(180));
    h.put(Reason.COMPLAINTS, Duration.ofDays(30));
    h.put(Reason.SPECIFIC_COMPLAINTS, Duration.ofDays(30));
    Map<String, Double> c =
        Map.of(
            "food", 1.2,
            "health_food", 1.5,
            "special_medical_food", 1.5,
            "infant_formula", 1.5,
            "cosmetics", 1.2,
            "drug", 1.5,
            "device", 1.5,
            "jewellery", 1.3);
    return new ScoringRules(w, h, c, 50);
  }

  public double weight(Reason r) {
    return weights.get(r);
  }

  public Duration halfLife(Reason r) {
    return halfLives.get(r);
  }

  /** The factor of a category id ({@code null} or unknown: 1). */
  public double categoryFactor(String category) {
    return category == null ? 1.0 : categoryFactors.getOrDefault(category, 1.0);
  }

  /** Maps a raw value to the displayed score in {@code [0, 100]}. */
  public int score(double raw) {
    if (!(raw > 0)) {
      return 0;
    }
    return (int) Math.round(100 * (1 - Math.exp(-raw / scale)));
  }
}

package io.liveguard.media.task;

import java.util.Map;
import java.util.Objects;

/**
 * What the scheduler knows of a live room's risk: confirmed findings and complaints in the
 * look-back period and its product category.
 */
public record RoomRisk(String room, boolean live, String category, int findings, int complaints) {

  /** Category weights: categories whose claims harm health weigh more. */
  public static final Map<String, Double> CATEGORY_WEIGHT =
      Map.of(
          "health_food", 3.0,
          "drugs", 3.0,
          "devices", 2.5,
          "food", 2.0,
          "cosmetics", 2.0,
          "infant", 2.5);

  public RoomRisk {
    Objects.requireNonNull(room, "room");
    if (findings < 0 || complaints < 0) {
      throw new IllegalArgumentException("negative counts for " + room);
    }
  }

  /**
   * The sampling weight: {@code categoryWeight × (1 + ln(1 + findings) + 2 ln(1 + complaints))}; a
   * room with no history still has weight ≥ 1, so it is sampled too.
   */
  public double weight() {
    double c = category == null ? 1.0 : CATEGORY_WEIGHT.getOrDefault(category, 1.0);
    return c * (1 + Math.log1p(findings) + 2 * Math.log1p(complaints));
  }
}

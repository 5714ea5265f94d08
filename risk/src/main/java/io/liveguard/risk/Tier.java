package io.liveguard.risk;

import java.util.Locale;

/**
 * The tier of an early warning (预警等级), in increasing order of urgency, and the monitoring priority
 * it asks of the capture scheduler.
 */
public enum Tier {
  /** 蓝色: keep an eye on it. */
  BLUE("蓝色", 2),
  /** 黄色: look at it this week. */
  YELLOW("黄色", 3),
  /** 橙色: look at it today. */
  ORANGE("橙色", 4),
  /** 红色: act now. */
  RED("红色", 5);

  private final String zh;
  private final int priority;

  Tier(String zh, int priority) {
    this.zh = zh;
    this.priority = priority;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String zh() {
    return zh;
  }

  /**
   * The monitoring priority (1 routine … 5 special campaign, the scale of the media module's {@code
   * MonitoringTask.priority}) a room under a warning of this tier should get.
   */
  public int priority() {
    return priority;
  }

  public boolean above(Tier other) {
    return other == null || compareTo(other) > 0;
  }

  /**
   * Parses a tier identifier.
   *
   * @throws IllegalArgumentException naming the value and the accepted ones
   */
  public static Tier parse(String id) {
    for (Tier t : values()) {
      if (t.id().equals(id)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown tier \"" + id + "\" (expected blue, yellow, orange or red)");
  }
}

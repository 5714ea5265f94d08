package io.liveguard.detect;

import java.util.Locale;

/** How serious a finding is, in increasing order. */
public enum Severity {
  /** 提示: worth a look, rarely unlawful on its own. */
  NOTICE("提示"),
  /** 警告: likely unlawful. */
  WARNING("警告"),
  /** 严重: clearly unlawful and harmful (health, safety, fraud). */
  SERIOUS("严重");

  private final String zh;

  Severity(String zh) {
    this.zh = zh;
  }

  /** The identifier used in rule files and JSON: the lower-case name. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The Chinese label shown to users. */
  public String zh() {
    return zh;
  }

  /**
   * Parses a severity identifier.
   *
   * @throws IllegalArgumentException naming the value and the accepted ones
   */
  public static Severity parse(String id) {
    for (Severity s : values()) {
      if (s.id().equals(id)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown severity \"" + id + "\" (expected notice, warning or serious)");
  }
}

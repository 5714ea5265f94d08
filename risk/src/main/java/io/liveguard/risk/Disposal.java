package io.liveguard.risk;

import java.util.Locale;

/**
 * How an officer disposes of a confirmed lead, in increasing severity. The lead workflow records
 * it; the credit rating deducts points by it (docs/risk.md).
 */
public enum Disposal {
  /** 行政指导. */
  GUIDANCE,
  /** 约谈. */
  INTERVIEW,
  /** 责令整改. */
  RECTIFICATION_ORDER,
  /** 立案. */
  CASE_FILED,
  /** 移送 (police, cyberspace office, other bureau). */
  TRANSFER;

  /** The id the API, the forms and the database use ({@code rectification_order} …). */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a disposal id as the lead workflow stores it; {@code null} when unknown. */
  public static Disposal parse(String id) {
    for (Disposal d : values()) {
      if (d.id().equals(id)) {
        return d;
      }
    }
    return null;
  }
}

package io.liveguard.risk;

import java.util.Locale;

/**
 * Why a subject's score is what it is: each reason contributes points, and a score's reasons add up
 * to its raw value. The first seven are a subject's own accruals (decaying counts); the rest are
 * the category multiplier and the links to other subjects.
 */
public enum Reason {
  /** Findings of severity notice (提示), decayed by age. */
  NOTICE_FINDINGS(true),
  /** Findings of severity warning (警告), decayed by age. */
  WARNING_FINDINGS(true),
  /** Findings of severity serious (严重), decayed by age. */
  SERIOUS_FINDINGS(true),
  /** Leads a reviewer confirmed. */
  CONFIRMED_LEADS(true),
  /** Confirmed leads after the first one: the subject offends again. */
  REPEAT_OFFENCES(true),
  /** Complaints and reports naming the subject. */
  COMPLAINTS(true),
  /** Complaints specific enough to become a lead. */
  SPECIFIC_COMPLAINTS(true),
  /** The room sells in a high-risk product category: its own points are multiplied. */
  CATEGORY(false),
  /** A room: the own points of the other rooms of its streamer. */
  STREAMER_OTHER_ROOMS(false),
  /** A streamer: the points of the rooms it streams in. */
  STREAMER_ROOMS(false),
  /** A streamer: the points of the other streamers of its MCN. */
  MCN_PEERS(false),
  /** An enterprise: the points of the rooms it operates. */
  OPERATED_ROOMS(false),
  /** An enterprise acting as MCN: the points of its streamers. */
  MCN_STREAMERS(false);

  private final boolean accrual;

  Reason(boolean accrual) {
    this.accrual = accrual;
  }

  /** Whether this reason is a decaying count kept per subject (as opposed to derived at read). */
  public boolean accrual() {
    return accrual;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The own accruals, in declaration order (their ordinal is their index in a state). */
  public static final Reason[] ACCRUALS = {
    NOTICE_FINDINGS,
    WARNING_FINDINGS,
    SERIOUS_FINDINGS,
    CONFIRMED_LEADS,
    REPEAT_OFFENCES,
    COMPLAINTS,
    SPECIFIC_COMPLAINTS
  };
}

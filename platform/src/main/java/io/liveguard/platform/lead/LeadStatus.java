package io.liveguard.platform.lead;

import java.util.Locale;

/** Where a lead (线索) is in the closed loop. */
public enum LeadStatus {
  /** Raised by the live analysis, nobody has looked at it. */
  NEW,
  /** An analyst is reviewing it (人工复审). */
  IN_REVIEW,
  /** The review found a violation. */
  CONFIRMED,
  /** The review found no violation (terminal; counted against the rules' precision). */
  DISMISSED,
  /** An officer of the room's jurisdiction has it. */
  ASSIGNED,
  /** An order to rectify (责令整改) is running until its due date. */
  RECTIFYING,
  /** The rectification was verified. */
  RECTIFIED,
  /** Guidance, interview, case filing or transfer was done. */
  DISPOSED,
  /** Terminal. */
  CLOSED;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static LeadStatus parse(String id) {
    for (LeadStatus s : values()) {
      if (s.id().equals(id)) {
        return s;
      }
    }
    return null;
  }
}

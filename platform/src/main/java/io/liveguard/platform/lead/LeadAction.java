package io.liveguard.platform.lead;

import io.liveguard.risk.Disposal;
import java.time.LocalDate;
import java.util.Locale;

/** What a user does to a lead; every action is audited with its actor, time and reason. */
public sealed interface LeadAction {
  /** The audit name of the action ({@code review}, {@code confirm} …). */
  String name();

  /** Why, in the user's words; may be {@code null} where the action does not need one. */
  String reason();

  record StartReview(String reason) implements LeadAction {
    public String name() {
      return "review";
    }
  }

  record Confirm(String reason) implements LeadAction {
    public String name() {
      return "confirm";
    }
  }

  /** Dismissal needs a reason; dismissals are counted per rule for precision tracking. */
  record Dismiss(String reason) implements LeadAction {
    public String name() {
      return "dismiss";
    }
  }

  record Assign(long officerId, String reason) implements LeadAction {
    public String name() {
      return "assign";
    }
  }

  /**
   * A disposal (处置). An order to rectify needs a due date; a transfer needs its target.
   *
   * @param reason what was done and why (required)
   */
  record Dispose(Disposal kind, LocalDate due, TransferTarget target, String reason)
      implements LeadAction {
    public String name() {
      return "dispose";
    }
  }

  record VerifyRectification(String reason) implements LeadAction {
    public String name() {
      return "verify";
    }
  }

  record Close(String reason) implements LeadAction {
    public String name() {
      return "close";
    }
  }

  /** Where a lead is transferred to (移送). */
  enum TransferTarget {
    /** 公安机关 */
    POLICE,
    /** 网信部门 */
    CYBERSPACE,
    /** 其他执法部门 */
    OTHER_BUREAU;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static TransferTarget parse(String id) {
      for (TransferTarget t : values()) {
        if (t.id().equals(id)) {
          return t;
        }
      }
      return null;
    }
  }
}

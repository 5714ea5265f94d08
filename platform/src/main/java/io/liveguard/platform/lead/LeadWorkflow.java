package io.liveguard.platform.lead;

import io.liveguard.platform.security.Actor;
import io.liveguard.platform.security.Role;
import io.liveguard.risk.Disposal;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Set;

/**
 * The closed loop as a pure function: given a lead's state, an action, who acts and today's date,
 * either the transition to make or why it is refused. No I/O, no framework.
 *
 * <pre>
 * new → in_review → confirmed → assigned → rectifying → rectified → closed
 *                 ↘ dismissed            ↘ disposed ───────────────↗
 * </pre>
 */
public final class LeadWorkflow {
  static final int MAX_REASON = 2000;

  private LeadWorkflow() {}

  /** What the workflow needs to know about a lead. */
  public record State(LeadStatus status, String jurisdictionPath, Long assigneeId) {}

  /** The officer an assignment names. */
  public record Officer(long id, Role role, String jurisdictionPath, boolean enabled) {}

  /** The outcome of applying an action. */
  public sealed interface Result {}

  /** The lead moves to {@code to}; the other fields are the lead's new values when not null. */
  public record Transition(
      LeadStatus to,
      Long assigneeId,
      Disposal disposal,
      LocalDate due,
      LeadAction.TransferTarget target)
      implements Result {}

  /** Refused: {@code code} is a message key suffix ({@code problem.<code>}). */
  public record Refused(String code, Object... args) implements Result {}

  private static final Set<Role> REVIEWERS = EnumSet.of(Role.ADMIN, Role.ANALYST);
  private static final Set<Role> ASSIGNERS = EnumSet.of(Role.ADMIN, Role.ANALYST, Role.LEADER);

  /**
   * Applies an action.
   *
   * @param officer the user an {@link LeadAction.Assign} names (looked up by the caller), else null
   */
  public static Result apply(
      State lead, LeadAction action, Actor actor, Officer officer, LocalDate today) {
    if (!actor.sees(lead.jurisdictionPath()) && actor.role() != Role.ADMIN) {
      return new Refused("lead-not-visible");
    }
    String reason = action.reason() == null ? null : action.reason().strip();
    if (reason != null && reason.length() > MAX_REASON) {
      return new Refused("reason-too-long", MAX_REASON);
    }
    LeadStatus s = lead.status();
    if (action instanceof LeadAction.StartReview a) {
      if (s != LeadStatus.NEW) {
        return illegal(s, a);
      }
      return role(actor, REVIEWERS, a) ? to(LeadStatus.IN_REVIEW) : forbidden(actor, a);
    }
    if (action instanceof LeadAction.Confirm a) {
      if (s != LeadStatus.IN_REVIEW) {
        return illegal(s, a);
      }
      return role(actor, REVIEWERS, a) ? to(LeadStatus.CONFIRMED) : forbidden(actor, a);
    }
    if (action instanceof LeadAction.Dismiss a) {
      if (s != LeadStatus.IN_REVIEW) {
        return illegal(s, a);
      }
      if (!role(actor, REVIEWERS, a)) {
        return forbidden(actor, a);
      }
      return blank(reason) ? new Refused("reason-required", a.name()) : to(LeadStatus.DISMISSED);
    }
    if (action instanceof LeadAction.Assign a) {
      if (s != LeadStatus.CONFIRMED && s != LeadStatus.ASSIGNED) {
        return illegal(s, a);
      }
      if (!role(actor, ASSIGNERS, a)) {
        return forbidden(actor, a);
      }
      if (lead.jurisdictionPath() == null) {
        return new Refused("lead-without-jurisdiction");
      }
      if (officer == null || officer.role() != Role.OFFICER || !officer.enabled()) {
        return new Refused("not-an-officer", a.officerId());
      }
      if (officer.jurisdictionPath() == null
          || !lead.jurisdictionPath().startsWith(officer.jurisdictionPath())) {
        return new Refused("officer-outside-jurisdiction", a.officerId());
      }
      return new Transition(LeadStatus.ASSIGNED, officer.id(), null, null, null);
    }
    if (action instanceof LeadAction.Dispose a) {
      if (s != LeadStatus.ASSIGNED) {
        return illegal(s, a);
      }
      if (!handler(actor, lead)) {
        return new Refused("not-the-assignee");
      }
      if (a.kind() == null) {
        return new Refused("disposal-required");
      }
      if (blank(reason)) {
        return new Refused("reason-required", a.name());
      }
      if (a.kind() == Disposal.RECTIFICATION_ORDER) {
        if (a.due() == null) {
          return new Refused("due-date-required");
        }
        if (a.due().isBefore(today)) {
          return new Refused("due-date-past", a.due());
        }
        return new Transition(LeadStatus.RECTIFYING, null, a.kind(), a.due(), null);
      }
      if (a.kind() == Disposal.TRANSFER && a.target() == null) {
        return new Refused("transfer-target-required");
      }
      return new Transition(
          LeadStatus.DISPOSED,
          null,
          a.kind(),
          null,
          a.kind() == Disposal.TRANSFER ? a.target() : null);
    }
    if (action instanceof LeadAction.VerifyRectification a) {
      if (s != LeadStatus.RECTIFYING) {
        return illegal(s, a);
      }
      return handler(actor, lead) ? to(LeadStatus.RECTIFIED) : new Refused("not-the-assignee");
    }
    if (action instanceof LeadAction.Close a) {
      if (s != LeadStatus.DISPOSED && s != LeadStatus.RECTIFIED) {
        return illegal(s, a);
      }
      if (!handler(actor, lead) && actor.role() != Role.LEADER) {
        return new Refused("not-the-assignee");
      }
      return to(LeadStatus.CLOSED);
    }
    throw new IllegalArgumentException("unknown action " + action);
  }

  /** The actions that may follow a status, for the API and the console. */
  public static Set<String> nextActions(LeadStatus s) {
    return switch (s) {
      case NEW -> Set.of("review");
      case IN_REVIEW -> Set.of("confirm", "dismiss");
      case CONFIRMED -> Set.of("assign");
      case ASSIGNED -> Set.of("assign", "dispose");
      case RECTIFYING -> Set.of("verify");
      case RECTIFIED, DISPOSED -> Set.of("close");
      case DISMISSED, CLOSED -> Set.of();
    };
  }

  private static boolean handler(Actor actor, State lead) {
    return actor.role() == Role.ADMIN
        || (actor.role() == Role.OFFICER
            && lead.assigneeId() != null
            && lead.assigneeId() == actor.id());
  }

  private static boolean role(Actor actor, Set<Role> roles, LeadAction a) {
    return roles.contains(actor.role());
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static Result to(LeadStatus s) {
    return new Transition(s, null, null, null, null);
  }

  private static Result illegal(LeadStatus from, LeadAction a) {
    return new Refused("illegal-transition", a.name(), from.id());
  }

  private static Result forbidden(Actor actor, LeadAction a) {
    return new Refused("action-forbidden", actor.role().id(), a.name());
  }
}

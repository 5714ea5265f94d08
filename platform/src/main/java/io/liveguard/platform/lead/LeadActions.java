package io.liveguard.platform.lead;

import io.liveguard.platform.user.UserStore;
import io.liveguard.platform.web.ApiException;
import io.liveguard.risk.Disposal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Parses a submitted action on a lead (the API's JSON body or a console form) into a {@link
 * LeadAction}; unknown values become 400 problems naming the value.
 */
public final class LeadActions {
  private LeadActions() {}

  /**
   * @param action review, confirm, dismiss, assign, dispose, verify or close
   * @param officer the officer's user name (assign)
   * @param disposal guidance, interview, rectification_order, case_filed or transfer (dispose)
   * @param due the due date of an order to rectify, YYYY-MM-DD
   * @param transferTo police, cyberspace or other_bureau (a transfer)
   */
  public static LeadAction parse(
      String action,
      String reason,
      String officer,
      String disposal,
      String due,
      String transferTo,
      UserStore users) {
    if (action == null || action.isBlank()) {
      throw ApiException.badRequest("unknown-action", String.valueOf(action));
    }
    return switch (action) {
      case "review" -> new LeadAction.StartReview(reason);
      case "confirm" -> new LeadAction.Confirm(reason);
      case "dismiss" -> new LeadAction.Dismiss(reason);
      case "assign" -> {
        if (officer == null || officer.isBlank()) {
          throw ApiException.badRequest("officer-required");
        }
        long id =
            users
                .find(officer)
                .orElseThrow(() -> ApiException.badRequest("unknown-user", officer))
                .id();
        yield new LeadAction.Assign(id, reason);
      }
      case "dispose" -> {
        Disposal d = Disposal.parse(disposal);
        if (d == null) {
          throw ApiException.badRequest("unknown-disposal", String.valueOf(disposal));
        }
        LocalDate dueDate = null;
        if (due != null && !due.isBlank()) {
          try {
            dueDate = LocalDate.parse(due);
          } catch (DateTimeParseException e) {
            throw ApiException.badRequest("bad-parameter", "due", due);
          }
        }
        LeadAction.TransferTarget target = null;
        if (transferTo != null && !transferTo.isBlank()) {
          target = LeadAction.TransferTarget.parse(transferTo);
          if (target == null) {
            throw ApiException.badRequest("unknown-transfer-target", transferTo);
          }
        }
        yield new LeadAction.Dispose(d, dueDate, target, reason);
      }
      case "verify" -> new LeadAction.VerifyRectification(reason);
      case "close" -> new LeadAction.Close(reason);
      default -> throw ApiException.badRequest("unknown-action", action);
    };
  }
}

package io.liveguard.platform.lead;

import io.liveguard.platform.audit.AuditTrail;
import io.liveguard.platform.security.Actor;
import io.liveguard.platform.user.UserStore;
import io.liveguard.platform.web.ApiException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Leads: list, read, act on, overdue items, their audit trail and the rules' precision. */
@RestController
class LeadController {
  private final Leads leads;
  private final AuditTrail audit;
  private final UserStore users;

  LeadController(Leads leads, AuditTrail audit, UserStore users) {
    this.leads = leads;
    this.audit = audit;
    this.users = users;
  }

  @GetMapping("/api/v1/leads")
  List<Leads.LeadView> list(
      @AuthenticationPrincipal Actor actor,
      @RequestParam(required = false) String platform,
      @RequestParam(required = false) String room,
      @RequestParam(required = false) String session,
      @RequestParam(required = false) String status,
      @RequestParam(defaultValue = "100") int limit,
      @RequestParam(defaultValue = "0") int offset) {
    if (status != null && LeadStatus.parse(status) == null) {
      throw ApiException.badRequest("bad-parameter", "status", status);
    }
    return leads.list(
        actor,
        new Leads.Filter(platform, room, session, status),
        Math.max(1, Math.min(limit, 1000)),
        Math.max(0, offset));
  }

  @GetMapping("/api/v1/leads/overdue")
  List<Leads.LeadView> overdue(@AuthenticationPrincipal Actor actor) {
    return leads.overdue(actor);
  }

  @GetMapping("/api/v1/leads/{id}")
  Leads.LeadView get(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
    return leads.get(actor, id);
  }

  @GetMapping("/api/v1/leads/{id}/audit")
  List<AuditTrail.Entry> trail(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
    if (!leads.visible(actor, id)) {
      throw ApiException.notFound("lead", id);
    }
    return audit.forTarget("lead:" + id);
  }

  /**
   * An action on a lead.
   *
   * @param action review, confirm, dismiss, assign, dispose, verify or close
   * @param officer the officer's user name (assign)
   * @param disposal guidance, interview, rectification_order, case_filed or transfer (dispose)
   * @param due the due date of an order to rectify, YYYY-MM-DD
   * @param transferTo police, cyberspace or other_bureau (a transfer)
   */
  record ActionRequest(
      @NotBlank(message = "{validation.action}") String action,
      @Size(max = 2000, message = "{validation.reason}") String reason,
      String officer,
      String disposal,
      String due,
      String transferTo) {}

  @PostMapping("/api/v1/leads/{id}/actions")
  Leads.LeadView act(
      @AuthenticationPrincipal Actor actor,
      @PathVariable long id,
      @Valid @RequestBody ActionRequest r) {
    return leads.act(actor, id, parse(r));
  }

  private LeadAction parse(ActionRequest r) {
    return LeadActions.parse(
        r.action(), r.reason(), r.officer(), r.disposal(), r.due(), r.transferTo(), users);
  }

  @GetMapping("/api/v1/stats/rules")
  List<Map<String, Object>> ruleStats() {
    return leads.ruleStats();
  }
}

package io.liveguard.platform.lead;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.platform.lead.LeadAction.Assign;
import io.liveguard.platform.lead.LeadAction.Close;
import io.liveguard.platform.lead.LeadAction.Confirm;
import io.liveguard.platform.lead.LeadAction.Dismiss;
import io.liveguard.platform.lead.LeadAction.Dispose;
import io.liveguard.platform.lead.LeadAction.StartReview;
import io.liveguard.platform.lead.LeadAction.TransferTarget;
import io.liveguard.platform.lead.LeadAction.VerifyRectification;
import io.liveguard.platform.lead.LeadWorkflow.Officer;
import io.liveguard.platform.lead.LeadWorkflow.Refused;
import io.liveguard.platform.lead.LeadWorkflow.State;
import io.liveguard.platform.lead.LeadWorkflow.Transition;
import io.liveguard.platform.security.Actor;
import io.liveguard.platform.security.Role;
import io.liveguard.risk.Disposal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeadWorkflowTest {
  static final String XIHU = "/330000/330100/330106/";
  static final String BINJIANG = "/330000/330100/330108/";
  static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

  static Actor user(long id, Role role, String path) {
    return new Actor(id, "u" + id, null, role, null, path, null, true, null);
  }

  static final Actor ANALYST = user(1, Role.ANALYST, null);
  static final Actor LEADER = user(2, Role.LEADER, "/330000/");
  static final Actor OFFICER = user(3, Role.OFFICER, XIHU);
  static final Actor OTHER_OFFICER = user(4, Role.OFFICER, XIHU);
  static final Actor MERCHANT = user(5, Role.MERCHANT, null);
  static final Officer XIHU_OFFICER = new Officer(3, Role.OFFICER, XIHU, true);

  static LeadStatus step(State s, LeadAction a, Actor actor, Officer o) {
    var r = LeadWorkflow.apply(s, a, actor, o, TODAY);
    assertThat(r)
        .as("%s by %s from %s", a, actor.role(), s.status())
        .isInstanceOf(Transition.class);
    return ((Transition) r).to();
  }

  static String refusal(State s, LeadAction a, Actor actor, Officer o) {
    var r = LeadWorkflow.apply(s, a, actor, o, TODAY);
    assertThat(r).as("%s by %s from %s", a, actor.role(), s.status()).isInstanceOf(Refused.class);
    return ((Refused) r).code();
  }

  static State at(LeadStatus s) {
    return new State(s, XIHU, s.ordinal() >= LeadStatus.ASSIGNED.ordinal() ? 3L : null);
  }

  @Test
  void walksTheWholeLoopThroughAnOrderToRectify() {
    assertThat(step(at(LeadStatus.NEW), new StartReview(null), ANALYST, null))
        .isEqualTo(LeadStatus.IN_REVIEW);
    assertThat(step(at(LeadStatus.IN_REVIEW), new Confirm("话术违法"), ANALYST, null))
        .isEqualTo(LeadStatus.CONFIRMED);
    var assign =
        (Transition)
            LeadWorkflow.apply(
                at(LeadStatus.CONFIRMED), new Assign(3, null), LEADER, XIHU_OFFICER, TODAY);
    assertThat(assign.to()).isEqualTo(LeadStatus.ASSIGNED);
    assertThat(assign.assigneeId()).isEqualTo(3L);
    var order =
        (Transition)
            LeadWorkflow.apply(
                at(LeadStatus.ASSIGNED),
                new Dispose(Disposal.RECTIFICATION_ORDER, TODAY.plusDays(7), null, "责令七日内整改"),
                OFFICER,
                null,
                TODAY);
    assertThat(order.to()).isEqualTo(LeadStatus.RECTIFYING);
    assertThat(order.due()).isEqualTo(TODAY.plusDays(7));
    assertThat(step(at(LeadStatus.RECTIFYING), new VerifyRectification("已下架"), OFFICER, null))
        .isEqualTo(LeadStatus.RECTIFIED);
    assertThat(step(at(LeadStatus.RECTIFIED), new Close("结案"), OFFICER, null))
        .isEqualTo(LeadStatus.CLOSED);
  }

  @Test
  void otherDisposalsGoStraightToDisposed() {
    for (Disposal d : List.of(Disposal.GUIDANCE, Disposal.INTERVIEW, Disposal.CASE_FILED)) {
      assertThat(step(at(LeadStatus.ASSIGNED), new Dispose(d, null, null, "已处理"), OFFICER, null))
          .isEqualTo(LeadStatus.DISPOSED);
    }
    var transfer =
        (Transition)
            LeadWorkflow.apply(
                at(LeadStatus.ASSIGNED),
                new Dispose(Disposal.TRANSFER, null, TransferTarget.POLICE, "涉嫌犯罪"),
                OFFICER,
                null,
                TODAY);
    assertThat(transfer.target()).isEqualTo(TransferTarget.POLICE);
    assertThat(step(at(LeadStatus.DISPOSED), new Close(null), LEADER, null))
        .isEqualTo(LeadStatus.CLOSED);
  }

  @Test
  void refusesIllegalTransitions() {
    assertThat(refusal(at(LeadStatus.NEW), new Confirm(null), ANALYST, null))
        .isEqualTo("illegal-transition");
    assertThat(refusal(at(LeadStatus.CLOSED), new StartReview(null), ANALYST, null))
        .isEqualTo("illegal-transition");
    assertThat(refusal(at(LeadStatus.DISMISSED), new Confirm(null), ANALYST, null))
        .isEqualTo("illegal-transition");
    assertThat(refusal(at(LeadStatus.RECTIFYING), new Close(null), OFFICER, null))
        .isEqualTo("illegal-transition");
    assertThat(
            refusal(
                at(LeadStatus.NEW), new Dispose(Disposal.GUIDANCE, null, null, "x"), OFFICER, null))
        .isEqualTo("illegal-transition");
  }

  @Test
  void dismissalNeedsAReason() {
    assertThat(refusal(at(LeadStatus.IN_REVIEW), new Dismiss("  "), ANALYST, null))
        .isEqualTo("reason-required");
    assertThat(step(at(LeadStatus.IN_REVIEW), new Dismiss("语境为否定"), ANALYST, null))
        .isEqualTo(LeadStatus.DISMISSED);
  }

  @Test
  void assignsOnlyToAnOfficerOfTheRoomsJurisdiction() {
    var binjiang = new Officer(9, Role.OFFICER, BINJIANG, true);
    assertThat(refusal(at(LeadStatus.CONFIRMED), new Assign(9, null), LEADER, binjiang))
        .isEqualTo("officer-outside-jurisdiction");
    var analyst = new Officer(1, Role.ANALYST, XIHU, true);
    assertThat(refusal(at(LeadStatus.CONFIRMED), new Assign(1, null), LEADER, analyst))
        .isEqualTo("not-an-officer");
    var cityOfficer = new Officer(8, Role.OFFICER, "/330000/330100/", true);
    assertThat(step(at(LeadStatus.CONFIRMED), new Assign(8, null), LEADER, cityOfficer))
        .isEqualTo(LeadStatus.ASSIGNED);
    var unregistered = new State(LeadStatus.CONFIRMED, null, null);
    assertThat(refusal(unregistered, new Assign(3, null), ANALYST, XIHU_OFFICER))
        .isEqualTo("lead-without-jurisdiction");
  }

  @Test
  void onlyTheAssignedOfficerDisposes() {
    assertThat(
            refusal(
                at(LeadStatus.ASSIGNED),
                new Dispose(Disposal.GUIDANCE, null, null, "x"),
                OTHER_OFFICER,
                null))
        .isEqualTo("not-the-assignee");
    assertThat(
            refusal(
                at(LeadStatus.ASSIGNED),
                new Dispose(Disposal.GUIDANCE, null, null, "x"),
                ANALYST,
                null))
        .isEqualTo("not-the-assignee");
  }

  @Test
  void anOrderToRectifyNeedsAFutureDueDateAndATransferItsTarget() {
    assertThat(
            refusal(
                at(LeadStatus.ASSIGNED),
                new Dispose(Disposal.RECTIFICATION_ORDER, null, null, "x"),
                OFFICER,
                null))
        .isEqualTo("due-date-required");
    assertThat(
            refusal(
                at(LeadStatus.ASSIGNED),
                new Dispose(Disposal.RECTIFICATION_ORDER, TODAY.minusDays(1), null, "x"),
                OFFICER,
                null))
        .isEqualTo("due-date-past");
    assertThat(
            refusal(
                at(LeadStatus.ASSIGNED),
                new Dispose(Disposal.TRANSFER, null, null, "x"),
                OFFICER,
                null))
        .isEqualTo("transfer-target-required");
    assertThat(
            refusal(
                at(LeadStatus.ASSIGNED),
                new Dispose(Disposal.GUIDANCE, null, null, ""),
                OFFICER,
                null))
        .isEqualTo("reason-required");
  }

  @Test
  void rolesOutsideTheLoopAreRefused() {
    assertThat(refusal(at(LeadStatus.NEW), new StartReview(null), LEADER, null))
        .isEqualTo("action-forbidden");
    assertThat(refusal(at(LeadStatus.NEW), new StartReview(null), OFFICER, null))
        .isEqualTo("action-forbidden");
    assertThat(refusal(at(LeadStatus.NEW), new StartReview(null), MERCHANT, null))
        .isEqualTo("lead-not-visible");
    Actor otherDistrictAnalyst = user(7, Role.ANALYST, BINJIANG);
    assertThat(refusal(at(LeadStatus.NEW), new StartReview(null), otherDistrictAnalyst, null))
        .isEqualTo("lead-not-visible");
  }

  @Test
  void nextActionsAgreeWithTheTransitionsAnAdminMayMake() {
    Actor admin = user(100, Role.ADMIN, null);
    List<LeadAction> all =
        List.of(
            new StartReview("r"),
            new Confirm("r"),
            new Dismiss("r"),
            new Assign(3, "r"),
            new Dispose(Disposal.GUIDANCE, null, null, "r"),
            new VerifyRectification("r"),
            new Close("r"));
    for (LeadStatus s : LeadStatus.values()) {
      for (LeadAction a : all) {
        var r = LeadWorkflow.apply(at(s), a, admin, XIHU_OFFICER, TODAY);
        assertThat(r instanceof Transition)
            .as("%s from %s", a.name(), s)
            .isEqualTo(LeadWorkflow.nextActions(s).contains(a.name()));
      }
    }
  }
}

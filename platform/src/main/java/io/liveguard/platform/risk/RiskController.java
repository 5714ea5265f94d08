package io.liveguard.platform.risk;

import io.liveguard.platform.audit.AuditTrail;
import io.liveguard.platform.security.Actor;
import io.liveguard.platform.security.Role;
import io.liveguard.platform.web.ApiException;
import io.liveguard.risk.Subject;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Risk scores, monitoring priorities and early warnings. */
@RestController
class RiskController {
  private final RiskService risk;
  private final Warnings warnings;
  private final AuditTrail audit;
  private final MerchantRooms merchantRooms;

  RiskController(
      RiskService risk, Warnings warnings, AuditTrail audit, MerchantRooms merchantRooms) {
    this.risk = risk;
    this.warnings = warnings;
    this.audit = audit;
    this.merchantRooms = merchantRooms;
  }

  static Subject subject(String kind, long id) {
    try {
      return new Subject(Subject.Kind.parse(kind), id);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("bad-parameter", "kind", kind);
    }
  }

  @GetMapping("/api/v1/risk/scores/{kind}/{id}")
  Map<String, Object> score(@PathVariable String kind, @PathVariable long id) {
    return RiskService.view(risk.score(subject(kind, id)));
  }

  @GetMapping("/api/v1/risk/ranking")
  List<Map<String, Object>> ranking(
      @RequestParam(defaultValue = "room") String kind,
      @RequestParam(defaultValue = "20") int limit) {
    Subject.Kind k;
    try {
      k = Subject.Kind.parse(kind);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("bad-parameter", "kind", kind);
    }
    return risk.ranking(k, Math.max(1, Math.min(limit, 500))).stream()
        .map(RiskService::view)
        .toList();
  }

  @GetMapping("/api/v1/risk/priorities")
  List<RiskService.RoomPriority> priorities() {
    return risk.priorities();
  }

  /** A merchant's own rooms: score, open warnings and green status (others: their enterprise's). */
  @GetMapping("/api/v1/risk/my-rooms")
  List<MerchantRooms.RoomStatus> myRooms(@AuthenticationPrincipal Actor actor) {
    if (actor.role() != Role.MERCHANT || actor.enterpriseId() == null) {
      return List.of();
    }
    return merchantRooms.of(actor.enterpriseId());
  }

  @GetMapping("/api/v1/risk/my-rooms/{id}")
  MerchantRooms.RoomStatus myRoom(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
    if (actor.role() == Role.MERCHANT) {
      return merchantRooms.of(actor.enterpriseId()).stream()
          .filter(r -> r.roomId() == id)
          .findFirst()
          .orElseThrow(() -> ApiException.notFound("room", id));
    }
    return merchantRooms.room(id).orElseThrow(() -> ApiException.notFound("room", id));
  }

  @GetMapping("/api/v1/warnings")
  List<Warnings.View> list(
      @AuthenticationPrincipal Actor actor,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String tier,
      @RequestParam(required = false) String rule,
      @RequestParam(defaultValue = "200") int limit) {
    return warnings.list(actor, status, tier, rule, limit);
  }

  @GetMapping("/api/v1/warnings/{id}")
  Warnings.View get(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
    return warnings.get(actor, id);
  }

  @GetMapping("/api/v1/warnings/{id}/audit")
  List<AuditTrail.Entry> audit(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
    warnings.get(actor, id);
    return audit.forTarget("warning:" + id);
  }

  record Ack(@jakarta.validation.constraints.Size(max = 2000) String note) {}

  @PostMapping("/api/v1/warnings/{id}/acknowledge")
  Warnings.View acknowledge(
      @AuthenticationPrincipal Actor actor,
      @PathVariable long id,
      @jakarta.validation.Valid @RequestBody(required = false) Ack body) {
    return warnings.acknowledge(actor, id, body == null ? null : body.note());
  }
}

package io.liveguard.platform.risk;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.liveguard.platform.security.Actor;
import io.liveguard.platform.web.ApiException;
import io.liveguard.risk.GreenCriteria;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Green live rooms: applications, review, revocation, re-check, the public list. */
@RestController
class GreenController {
  private final Green green;

  GreenController(Green green) {
    this.green = green;
  }

  record LicenceBody(String type, String number, @JsonProperty("valid_until") String validUntil) {}

  record ApplicationBody(
      Long room,
      List<LicenceBody> licences,
      @JsonProperty("training_completed") String trainingCompleted,
      @JsonProperty("prechecked_scripts") Integer precheckedScripts) {}

  @PostMapping("/api/v1/green/applications")
  ResponseEntity<Green.Application> apply(
      @AuthenticationPrincipal Actor actor, @RequestBody ApplicationBody b) {
    if (b.room() == null) {
      throw ApiException.badRequest("bad-parameter", "room", "required");
    }
    List<GreenCriteria.Licence> ls = new ArrayList<>();
    for (LicenceBody l : b.licences() == null ? List.<LicenceBody>of() : b.licences()) {
      if (l.type() == null || l.number() == null) {
        throw ApiException.badRequest("bad-parameter", "licences", "type and number required");
      }
      ls.add(
          new GreenCriteria.Licence(
              l.type().strip(),
              l.number().strip(),
              CreditController.date("valid_until", l.validUntil())));
    }
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(
            green.apply(
                actor,
                b.room(),
                ls,
                CreditController.date("training_completed", b.trainingCompleted()),
                b.precheckedScripts() == null ? 0 : b.precheckedScripts()));
  }

  @GetMapping("/api/v1/green/applications")
  List<Green.Application> list(
      @AuthenticationPrincipal Actor actor, @RequestParam(required = false) String status) {
    return green.list(actor, status);
  }

  @GetMapping("/api/v1/green/applications/{id}")
  Green.Application get(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
    return green.get(actor, id);
  }

  record Review(String decision, String note) {}

  @PostMapping("/api/v1/green/applications/{id}/review")
  Green.Application review(
      @AuthenticationPrincipal Actor actor, @PathVariable long id, @RequestBody Review r) {
    return green.review(actor, id, r.decision(), r.note());
  }

  record Revoke(String reason) {}

  @PostMapping("/api/v1/green/applications/{id}/revoke")
  Green.Application revoke(
      @AuthenticationPrincipal Actor actor, @PathVariable long id, @RequestBody Revoke r) {
    return green.revoke(actor, id, r.reason());
  }

  @PostMapping("/api/v1/green/recheck")
  Map<String, Integer> recheck() {
    return Map.of("revoked", green.recheckDue());
  }

  @GetMapping("/api/v1/green/criteria")
  GreenCriteria criteria() {
    return green.criteria();
  }

  @GetMapping("/api/v1/public/green-rooms")
  List<Green.GreenRoom> publicList() {
    return green.awarded();
  }
}

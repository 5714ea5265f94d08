package io.liveguard.platform.risk;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.liveguard.platform.security.Actor;
import io.liveguard.platform.web.ApiException;
import io.liveguard.risk.Subject;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/** Credit ratings, the blacklist and the credit-sharing export. */
@RestController
class CreditController {
  private final Credit credit;
  private final JsonMapper json;

  CreditController(Credit credit, JsonMapper json) {
    this.credit = credit;
    this.json = json;
  }

  @GetMapping("/api/v1/credit")
  List<Credit.Rating> ratings(@RequestParam(defaultValue = "enterprise") String kind) {
    Subject.Kind k = Credit.creditSubject(kind, 1).kind();
    return credit.ratings(k);
  }

  @GetMapping("/api/v1/credit/{kind}/{id}")
  Credit.Rating rating(@PathVariable String kind, @PathVariable long id) {
    return credit.rating(Credit.creditSubject(kind, id));
  }

  /** JSON Lines, one rated subject per line (format liveguard-credit/1, docs/risk.md). */
  @GetMapping(value = "/api/v1/credit/export", produces = "application/x-ndjson")
  ResponseEntity<String> export() {
    StringBuilder b = new StringBuilder();
    for (Map<String, Object> line : credit.export()) {
      b.append(json.writeValueAsString(line)).append('\n');
    }
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType("application/x-ndjson;charset=UTF-8"))
        .header("Content-Disposition", "attachment; filename=\"liveguard-credit.jsonl\"")
        .body(b.toString());
  }

  @GetMapping("/api/v1/blacklist")
  List<Credit.BlacklistEntry> blacklist() {
    return credit.blacklist();
  }

  record Entry(
      String kind,
      Long id,
      String reason,
      @JsonProperty("source_decision") String sourceDecision,
      @JsonProperty("starts_on") String startsOn,
      @JsonProperty("ends_on") String endsOn) {}

  @PostMapping("/api/v1/blacklist")
  ResponseEntity<Credit.BlacklistEntry> add(
      @AuthenticationPrincipal Actor actor, @RequestBody Entry e) {
    if (e.kind() == null || e.id() == null) {
      throw ApiException.badRequest("bad-parameter", "kind/id", "required");
    }
    Subject s = Credit.creditSubject(e.kind(), e.id());
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(
            credit.add(
                actor,
                s,
                e.reason(),
                e.sourceDecision(),
                date("starts_on", e.startsOn()),
                date("ends_on", e.endsOn())));
  }

  static LocalDate date(String field, String v) {
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(v.trim());
    } catch (DateTimeParseException ex) {
      throw ApiException.badRequest("bad-parameter", field, v);
    }
  }

  record Lift(String reason) {}

  @PostMapping("/api/v1/blacklist/{id}/lift")
  Credit.BlacklistEntry lift(
      @AuthenticationPrincipal Actor actor, @PathVariable long id, @RequestBody Lift l) {
    return credit.lift(actor, id, l.reason());
  }
}

package io.liveguard.platform.rules;

import io.liveguard.platform.security.Actor;
import io.liveguard.platform.web.ApiException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The rules and lexicon API (规则库): browse, and change the overlay (admin). */
@RestController
class RulesController {
  private final RuleViews views;
  private final RuleBook book;

  RulesController(RuleViews views, RuleBook book) {
    this.views = views;
    this.book = book;
  }

  @GetMapping("/api/v1/rules")
  List<RuleViews.Summary> list(
      @AuthenticationPrincipal Actor actor,
      @RequestParam(required = false) String category,
      @RequestParam(required = false) String law) {
    return views.list(actor, category, law);
  }

  @GetMapping("/api/v1/rules/changes")
  List<RuleBook.Change> changes() {
    return book.changes(null);
  }

  @GetMapping("/api/v1/rules/{id}")
  RuleViews.Detail get(@AuthenticationPrincipal Actor actor, @PathVariable String id) {
    RuleViews.Detail d = views.detail(actor, id);
    if (d == null) {
      throw ApiException.notFound("rule", id);
    }
    return d;
  }

  /**
   * One change to a rule.
   *
   * @param action disable, enable, add-term or add-allow
   * @param term the term or allow-phrase (add-term, add-allow)
   * @param reason why (required; kept in the change history and the audit trail)
   */
  record ChangeRequest(String action, String term, String reason) {}

  @PostMapping("/api/v1/rules/{id}/changes")
  @ResponseStatus(HttpStatus.CREATED)
  RuleBook.Change change(
      @AuthenticationPrincipal Actor actor, @PathVariable String id, @RequestBody ChangeRequest r) {
    return book.apply(actor, id, r.action(), r.term(), r.reason());
  }
}

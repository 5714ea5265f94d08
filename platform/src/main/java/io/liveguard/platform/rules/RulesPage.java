package io.liveguard.platform.rules;

import io.liveguard.platform.security.Actor;
import io.liveguard.platform.security.Role;
import io.liveguard.platform.web.ApiException;
import io.liveguard.platform.web.Problems;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The console's rules page (规则库): browse by category and law, a rule's detail, changes. */
@Controller
class RulesPage {
  private final RuleViews views;
  private final RuleBook book;
  private final Problems problems;

  RulesPage(RuleViews views, RuleBook book, Problems problems) {
    this.views = views;
    this.book = book;
    this.problems = problems;
  }

  @GetMapping("/rules")
  String list(
      @AuthenticationPrincipal Actor actor,
      @RequestParam(required = false) String category,
      @RequestParam(required = false) String law,
      Model model) {
    model.addAttribute("rules", views.list(actor, category, law));
    model.addAttribute("categories", views.categories());
    model.addAttribute("laws", views.citedLaws());
    model.addAttribute("category", category == null ? "" : category);
    model.addAttribute("law", law == null ? "" : law);
    model.addAttribute("version", book.version());
    return "rules/list";
  }

  @GetMapping("/rules/{id}")
  String detail(
      @AuthenticationPrincipal Actor actor,
      @PathVariable String id,
      Model model,
      HttpServletResponse res) {
    return render(actor, id, model, res);
  }

  private String render(Actor actor, String id, Model model, HttpServletResponse res) {
    RuleViews.Detail d = views.detail(actor, id);
    if (d == null) {
      res.setStatus(404);
      model.addAttribute("missing", id);
      return "rules/missing";
    }
    model.addAttribute("d", d);
    model.addAttribute("categories", views.categories());
    model.addAttribute("canChange", actor.role() == Role.ADMIN);
    return "rules/detail";
  }

  @PostMapping("/rules/{id}/changes")
  String change(
      @AuthenticationPrincipal Actor actor,
      @PathVariable String id,
      @RequestParam(required = false) String action,
      @RequestParam(required = false) String term,
      @RequestParam(required = false) String reason,
      Model model,
      HttpServletResponse res) {
    try {
      RuleBook.Change c = book.apply(actor, id, action, term, reason);
      return "redirect:/rules/" + id + "?changed=" + c.version();
    } catch (ApiException e) {
      model.addAttribute("error", problems.message("problem." + e.code(), e.args()));
      model.addAttribute("term", term);
      model.addAttribute("reason", reason);
      res.setStatus(e.status().value());
      if (e.status().value() == 404) {
        model.addAttribute("missing", id);
        return "rules/missing";
      }
      return render(actor, id, model, res);
    }
  }
}

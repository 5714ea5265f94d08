package io.liveguard.platform.subject;

import io.liveguard.platform.security.Actor;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;

/** The subject pages (主体画像): search, and an enterprise's, streamer's or room's profile. */
@Controller
class SubjectsPage {
  private final SubjectProfiles profiles;
  private final JsonMapper json;

  SubjectsPage(SubjectProfiles profiles, JsonMapper json) {
    this.profiles = profiles;
    this.json = json;
  }

  @GetMapping("/subjects")
  String search(
      @AuthenticationPrincipal Actor actor,
      @RequestParam(defaultValue = "room") String kind,
      @RequestParam(required = false) String q,
      Model model) {
    SubjectProfiles.Kind k = SubjectProfiles.Kind.parse(kind);
    if (k == null) {
      k = SubjectProfiles.Kind.ROOM;
    }
    model.addAttribute("kind", k.id());
    model.addAttribute("q", q == null ? "" : q);
    model.addAttribute("results", profiles.search(actor, k, q));
    return "subjects/search";
  }

  @GetMapping("/subjects/{kind}/{id}")
  String profile(
      @AuthenticationPrincipal Actor actor,
      @PathVariable String kind,
      @PathVariable String id,
      Model model,
      HttpServletResponse res) {
    SubjectProfiles.Kind k = SubjectProfiles.Kind.parse(kind);
    long n;
    try {
      n = Long.parseLong(id);
    } catch (NumberFormatException e) {
      n = -1;
    }
    var p =
        k == null || n < 0
            ? java.util.Optional.<SubjectProfiles.Profile>empty()
            : profiles.profile(actor, k, n);
    if (p.isEmpty()) {
      res.setStatus(404);
      model.addAttribute("kind", kind);
      model.addAttribute("id", id);
      return "subjects/missing";
    }
    model.addAttribute("p", p.get());
    model.addAttribute("timeline", json.writeValueAsString(p.get().timeline()));
    model.addAttribute("chartJs", "/webjars/chart.js/4.5.1/dist/chart.umd.min.js");
    return "subjects/profile";
  }
}

package io.liveguard.platform.subject;

import io.liveguard.platform.security.Actor;
import io.liveguard.platform.web.ApiException;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/subjects}: search subjects, and one subject's profile. */
@RestController
class SubjectsController {
  private final SubjectProfiles profiles;

  SubjectsController(SubjectProfiles profiles) {
    this.profiles = profiles;
  }

  static SubjectProfiles.Kind kind(String kind) {
    SubjectProfiles.Kind k = SubjectProfiles.Kind.parse(kind);
    if (k == null) {
      throw ApiException.badRequest("subject-kind", String.valueOf(kind));
    }
    return k;
  }

  @GetMapping("/api/v1/subjects")
  List<SubjectProfiles.Listed> search(
      @AuthenticationPrincipal Actor actor,
      @RequestParam(defaultValue = "room") String kind,
      @RequestParam(required = false) String q) {
    return profiles.search(actor, kind(kind), q);
  }

  @GetMapping("/api/v1/subjects/{kind}/{id}")
  SubjectProfiles.Profile profile(
      @AuthenticationPrincipal Actor actor, @PathVariable String kind, @PathVariable long id) {
    return profiles
        .profile(actor, kind(kind), id)
        .orElseThrow(() -> ApiException.notFound(kind, id));
  }
}

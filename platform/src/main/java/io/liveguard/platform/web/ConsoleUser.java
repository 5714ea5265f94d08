package io.liveguard.platform.web;

import io.liveguard.platform.security.Actor;
import io.liveguard.platform.security.Role;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Puts who is signed in into every console page's model, so that the frame shows the user and only
 * the navigation their role may use ({@code layout.html}).
 */
@ControllerAdvice
class ConsoleUser {

  /** What the page frame needs to know about the user. */
  record View(String username, String role, boolean staff, boolean merchant) {}

  @ModelAttribute("consoleUser")
  View consoleUser(@AuthenticationPrincipal Actor actor) {
    if (actor == null) {
      return null;
    }
    return new View(
        actor.username(),
        actor.role().id(),
        actor.role() != Role.MERCHANT,
        actor.role() == Role.MERCHANT);
  }
}

package io.liveguard.platform.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The minimal console: the login page and a landing page (the full console comes later). */
@Controller
class ConsolePages {

  @GetMapping("/login")
  String login() {
    return "login";
  }

  @GetMapping("/")
  String home(java.security.Principal principal, org.springframework.ui.Model model) {
    model.addAttribute("username", principal.getName());
    return "home";
  }
}

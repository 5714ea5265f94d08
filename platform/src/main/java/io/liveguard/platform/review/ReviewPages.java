package io.liveguard.platform.review;

import io.liveguard.platform.evidence.EvidencePackages;
import io.liveguard.platform.lead.LeadActions;
import io.liveguard.platform.lead.LeadStatus;
import io.liveguard.platform.lead.Leads;
import io.liveguard.platform.security.Actor;
import io.liveguard.platform.user.UserStore;
import io.liveguard.platform.web.ApiException;
import io.liveguard.platform.web.Problems;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The lead queue and review desk (线索复审): {@code GET /leads}, {@code GET /leads/{id}}, {@code POST
 * /leads/{id}/actions} (review, confirm, dismiss — through the audited {@link Leads#act}), and the
 * evidence media a review plays ({@code GET /evidence/{id}/media/{sha256}}).
 */
@Controller
class ReviewPages {
  static final int QUEUE_LIMIT = 500;
  static final int MAX_REASON = 2000;

  private final ReviewDesk desk;
  private final Leads leads;
  private final UserStore users;
  private final EvidencePackages packages;
  private final Problems problems;
  private final Duration reviewSla;

  ReviewPages(
      ReviewDesk desk,
      Leads leads,
      UserStore users,
      EvidencePackages packages,
      Problems problems,
      @Value("${liveguard.review-sla:PT24H}") Duration reviewSla) {
    this.desk = desk;
    this.leads = leads;
    this.users = users;
    this.packages = packages;
    this.problems = problems;
    this.reviewSla = reviewSla;
  }

  @GetMapping("/leads")
  String queue(
      @AuthenticationPrincipal Actor actor,
      @RequestParam(defaultValue = "open") String status,
      @RequestParam(required = false) String platform,
      @RequestParam(required = false) String room,
      Locale locale,
      Model model) {
    List<LeadStatus> statuses;
    if (status.equals("open")) {
      statuses = List.of(LeadStatus.NEW, LeadStatus.IN_REVIEW);
    } else if (status.equals("all")) {
      statuses = List.of(LeadStatus.values());
    } else {
      LeadStatus s = LeadStatus.parse(status);
      if (s == null) {
        throw ApiException.badRequest("bad-parameter", "status", status);
      }
      statuses = List.of(s);
    }
    model.addAttribute(
        "rows",
        desk.queue(actor, statuses, blank(platform), blank(room), reviewSla, locale, QUEUE_LIMIT));
    model.addAttribute("status", status);
    model.addAttribute("room", blank(room));
    model.addAttribute("statuses", LeadStatus.values());
    return "leads";
  }

  @GetMapping("/leads/{id}")
  String review(
      @AuthenticationPrincipal Actor actor, @PathVariable long id, Locale locale, Model model) {
    model.addAttribute("review", desk.review(actor, id, locale, true));
    // The next lead of the queue, for the reviewer's "n" shortcut.
    var queue =
        desk.queue(
            actor,
            List.of(LeadStatus.NEW, LeadStatus.IN_REVIEW),
            null,
            null,
            reviewSla,
            locale,
            QUEUE_LIMIT);
    Long next = null;
    for (int i = 0; i < queue.size(); i++) {
      if (queue.get(i).id() != id) {
        next = queue.get(i).id();
        break;
      }
    }
    model.addAttribute("next", next);
    return "lead";
  }

  @PostMapping("/leads/{id}/actions")
  String act(
      @AuthenticationPrincipal Actor actor,
      @PathVariable long id,
      @RequestParam String action,
      @RequestParam(required = false) String reason,
      @RequestParam(required = false) String officer,
      @RequestParam(required = false) String disposal,
      @RequestParam(required = false) String due,
      @RequestParam(required = false) String transferTo,
      @RequestParam(required = false) String then,
      RedirectAttributes flash) {
    String back = "cases".equals(then) ? "redirect:/cases/" + id : "redirect:/leads/" + id;
    try {
      if (reason != null && reason.length() > MAX_REASON) {
        throw ApiException.badRequest("reason-too-long", MAX_REASON);
      }
      leads.act(
          actor,
          id,
          LeadActions.parse(
              action,
              blank(reason),
              blank(officer),
              blank(disposal),
              blank(due),
              blank(transferTo),
              users));
      flash.addFlashAttribute("done", action);
    } catch (ApiException e) {
      if (e.status().value() == 404) {
        throw e;
      }
      flash.addFlashAttribute("error", problems.message("problem." + e.code(), e.args()));
    }
    return back;
  }

  @GetMapping("/evidence/{id}/media/{sha256}")
  ResponseEntity<byte[]> media(
      @AuthenticationPrincipal Actor actor, @PathVariable long id, @PathVariable String sha256) {
    var item = packages.item(id).orElseThrow(() -> ApiException.notFound("evidence", id));
    if (!leads.visible(actor, item.leadId())) {
      throw ApiException.notFound("evidence", id);
    }
    // Only a blob the manifest lists, and only with a media type the console plays.
    String type = null;
    for (var b : desk.manifestBlobs(item)) {
      if (b[0].equals(sha256)) {
        type = b[1];
      }
    }
    if (type == null || !ReviewDesk.PLAYABLE.contains(type)) {
      throw ApiException.notFound("evidence", id + "/" + sha256);
    }
    byte[] content =
        packages.blob(item, sha256).orElseThrow(() -> ApiException.notFound("evidence", sha256));
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType(type))
        .header("X-Content-Type-Options", "nosniff")
        .header(HttpHeaders.CONTENT_DISPOSITION, "inline")
        .cacheControl(CacheControl.noStore())
        .body(content);
  }

  @ExceptionHandler(ApiException.class)
  String refused(ApiException e, Model model, HttpServletResponse response) {
    response.setStatus(e.status().value());
    model.addAttribute("status", e.status().value());
    model.addAttribute("message", problems.message("problem." + e.code(), e.args()));
    return "console-error";
  }

  static String blank(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}

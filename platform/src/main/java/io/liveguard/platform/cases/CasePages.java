package io.liveguard.platform.cases;

import io.liveguard.platform.audit.AuditTrail;
import io.liveguard.platform.evidence.EvidencePackages;
import io.liveguard.platform.lead.LeadAction;
import io.liveguard.platform.lead.LeadStatus;
import io.liveguard.platform.review.ReviewDesk;
import io.liveguard.platform.security.Actor;
import io.liveguard.platform.web.ApiException;
import io.liveguard.platform.web.Problems;
import io.liveguard.risk.Disposal;
import jakarta.servlet.http.HttpServletResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Case pages (案件): {@code GET /cases} (confirmed leads through to closed, overdue flagged), {@code
 * GET /cases/{id}} (timeline of every action, disposal forms posting to {@code
 * /leads/{id}/actions}, evidence packages) and {@code GET /cases/{id}/dossier.pdf}.
 */
@Controller
class CasePages {
  static final List<LeadStatus> OPEN =
      List.of(
          LeadStatus.CONFIRMED,
          LeadStatus.ASSIGNED,
          LeadStatus.RECTIFYING,
          LeadStatus.RECTIFIED,
          LeadStatus.DISPOSED);

  private final ReviewDesk desk;
  private final CaseFile file;
  private final Dossier dossier;
  private final AuditTrail audit;
  private final EvidencePackages packages;
  private final Problems problems;
  private final JdbcClient jdbc;
  private final Duration reviewSla;

  CasePages(
      ReviewDesk desk,
      CaseFile file,
      Dossier dossier,
      AuditTrail audit,
      EvidencePackages packages,
      Problems problems,
      JdbcClient jdbc,
      @Value("${liveguard.review-sla:PT24H}") Duration reviewSla) {
    this.desk = desk;
    this.file = file;
    this.dossier = dossier;
    this.audit = audit;
    this.packages = packages;
    this.problems = problems;
    this.jdbc = jdbc;
    this.reviewSla = reviewSla;
  }

  @GetMapping("/cases")
  String list(
      @AuthenticationPrincipal Actor actor,
      @RequestParam(defaultValue = "open") String status,
      @RequestParam(defaultValue = "false") boolean overdue,
      Locale locale,
      Model model) {
    List<LeadStatus> statuses;
    if (status.equals("open")) {
      statuses = OPEN;
    } else if (status.equals("all")) {
      statuses = new ArrayList<>(OPEN);
      statuses.add(LeadStatus.CLOSED);
    } else {
      LeadStatus s = LeadStatus.parse(status);
      if (s == null
          || s == LeadStatus.NEW
          || s == LeadStatus.IN_REVIEW
          || s == LeadStatus.DISMISSED) {
        throw ApiException.badRequest("bad-parameter", "status", status);
      }
      statuses = List.of(s);
    }
    var rows = desk.queue(actor, statuses, null, null, reviewSla, locale, 1000);
    if (overdue) {
      rows = rows.stream().filter(ReviewDesk.QueueRow::overdue).toList();
    }
    model.addAttribute("rows", rows);
    model.addAttribute("status", status);
    model.addAttribute("overdue", overdue);
    List<String> choices = new ArrayList<>();
    OPEN.forEach(s -> choices.add(s.id()));
    choices.add(LeadStatus.CLOSED.id());
    model.addAttribute("statuses", choices);
    return "cases";
  }

  @GetMapping("/cases/{id}")
  String show(
      @AuthenticationPrincipal Actor actor, @PathVariable long id, Locale locale, Model model) {
    var review = desk.review(actor, id, locale, false);
    model.addAttribute("review", review);
    model.addAttribute("subject", file.subject(review.lead()));
    model.addAttribute("timeline", file.timeline(id, locale));
    model.addAttribute("officers", file.officers(actor, file.leadPath(id)));
    List<Map<String, Object>> evidence = new ArrayList<>();
    for (EvidencePackages.Item item : packages.ofLead(id, Dossier.MAX_EVIDENCE)) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("id", item.id());
      e.put("sha256", item.sha256());
      e.put("logIndex", item.logIndex());
      e.put("href", "/api/v1/evidence/" + item.id() + "/package");
      evidence.add(e);
    }
    model.addAttribute("evidence", evidence);
    model.addAttribute("disposals", Disposal.values());
    model.addAttribute("targets", LeadAction.TransferTarget.values());
    return "case";
  }

  @GetMapping("/cases/{id}/dossier.pdf")
  ResponseEntity<byte[]> pdf(
      @AuthenticationPrincipal Actor actor, @PathVariable long id, Locale locale) throws Exception {
    var review = desk.review(actor, id, locale, true);
    long total =
        jdbc.sql("SELECT COUNT(*) FROM evidence WHERE lead_id = ?")
            .param(id)
            .query(Long.class)
            .single();
    byte[] pdf =
        dossier.render(
            actor.username(),
            review,
            file.subject(review.lead()),
            file.timeline(id, locale),
            total,
            locale);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pdf));
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("format", "pdf");
    detail.put("sha256", sha);
    detail.put("bytes", pdf.length);
    if (actor.tokenId() != null) {
      detail.put("via_token", actor.tokenId());
    }
    audit.append(actor.username(), "case.dossier", "lead:" + id, detail);
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_PDF)
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"dossier-" + id + ".pdf\"")
        .cacheControl(CacheControl.noStore())
        .body(pdf);
  }

  @ExceptionHandler(ApiException.class)
  String refused(ApiException e, Model model, HttpServletResponse response) {
    response.setStatus(e.status().value());
    model.addAttribute("status", e.status().value());
    model.addAttribute("message", problems.message("problem." + e.code(), e.args()));
    return "console-error";
  }
}

package io.liveguard.platform.risk;

import io.liveguard.platform.security.Actor;
import io.liveguard.platform.security.Role;
import io.liveguard.platform.web.ApiException;
import io.liveguard.risk.GreenCriteria;
import io.liveguard.risk.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.multipart.MultipartFile;

/** Console pages: warnings, complaints, credit, green rooms; the public complaint form and list. */
@Controller
class RiskPages {
  private final Warnings warnings;
  private final Complaints complaints;
  private final Credit credit;
  private final Green green;
  private final RiskService risk;
  private final MerchantRooms merchantRooms;
  private final MessageSource messages;

  RiskPages(
      Warnings warnings,
      Complaints complaints,
      Credit credit,
      Green green,
      RiskService risk,
      MerchantRooms merchantRooms,
      MessageSource messages) {
    this.warnings = warnings;
    this.complaints = complaints;
    this.credit = credit;
    this.green = green;
    this.risk = risk;
    this.merchantRooms = merchantRooms;
    this.messages = messages;
  }

  /** The problem's message as the bundle words it, plus the field errors if any. */
  private List<String> errors(ApiException e) {
    List<String> out = new ArrayList<>();
    out.add(
        messages.getMessage(
            "problem." + e.code(), e.args(), e.code(), LocaleContextHolder.getLocale()));
    Object errs = e.properties().get("errors");
    if (errs instanceof List<?> l) {
      for (Object o : l) {
        if (o instanceof Map<?, ?> m) {
          out.add(m.get("field") + ": " + m.get("message"));
        }
      }
    }
    return out;
  }

  @GetMapping("/warnings")
  String warnings(
      @AuthenticationPrincipal Actor actor,
      @RequestParam(defaultValue = "open") String status,
      Model model) {
    String s = status.equals("all") ? null : status;
    model.addAttribute("warnings", warnings.list(actor, s, null, null, 500));
    model.addAttribute("status", status);
    model.addAttribute(
        "ranking", risk.ranking(Subject.Kind.ROOM, 10).stream().map(RiskService::view).toList());
    model.addAttribute("priorities", risk.priorities());
    return "risk/warnings";
  }

  @PostMapping("/warnings/{id}/acknowledge")
  String acknowledge(
      @AuthenticationPrincipal Actor actor,
      @PathVariable long id,
      @RequestParam(required = false) String note) {
    warnings.acknowledge(actor, id, note == null || note.isBlank() ? null : note);
    return "redirect:/warnings";
  }

  @GetMapping("/complaints")
  String complaints(
      @AuthenticationPrincipal Actor actor,
      @RequestParam(required = false) String status,
      Model model) {
    model.addAttribute("complaints", complaints.list(actor, status, 500));
    return "risk/complaints";
  }

  @GetMapping("/complaints/{id}")
  String complaint(@AuthenticationPrincipal Actor actor, @PathVariable long id, Model model) {
    model.addAttribute("c", complaints.get(actor, id));
    return "risk/complaint";
  }

  @PostMapping("/complaints/{id}/action")
  String act(
      @AuthenticationPrincipal Actor actor,
      @PathVariable long id,
      @RequestParam String action,
      @RequestParam(required = false) String note,
      Model model) {
    try {
      complaints.act(actor, id, action, note);
    } catch (ApiException e) {
      model.addAttribute("errors", errors(e));
      model.addAttribute("c", complaints.get(actor, id));
      return "risk/complaint";
    }
    return "redirect:/complaints/" + id;
  }

  @GetMapping("/complaint")
  String complaintForm() {
    return "risk/complaint-form";
  }

  @PostMapping("/complaint")
  String fileComplaint(
      @AuthenticationPrincipal Actor actor,
      @RequestParam Map<String, String> form,
      @RequestPart(name = "attachments", required = false) List<MultipartFile> files,
      Model model) {
    try {
      var receipt =
          complaints.file(
              new Complaints.Submission(
                  form.get("kind"),
                  form.get("name"),
                  form.get("contact"),
                  form.get("platform"),
                  form.get("room"),
                  form.get("session"),
                  form.get("listing"),
                  form.get("what"),
                  form.get("quote"),
                  form.get("occurred_at"),
                  ComplaintController.attachments(files)),
              actor);
      model.addAttribute("receipt", receipt);
      return "risk/complaint-receipt";
    } catch (ApiException e) {
      model.addAttribute("errors", errors(e));
      model.addAttribute("form", form);
      return "risk/complaint-form";
    }
  }

  @GetMapping("/complaint/status")
  String statusForm() {
    return "risk/complaint-status";
  }

  @PostMapping("/complaint/status")
  String status(
      @RequestParam(required = false) String reference,
      @RequestParam(required = false) String key,
      Model model) {
    model.addAttribute("reference", reference);
    model.addAttribute("result", complaints.status(reference, key).orElse(null));
    model.addAttribute("asked", true);
    return "risk/complaint-status";
  }

  @GetMapping("/credit")
  String credit(Model model) {
    model.addAttribute("enterprises", credit.ratings(Subject.Kind.ENTERPRISE));
    model.addAttribute("streamers", credit.ratings(Subject.Kind.STREAMER));
    model.addAttribute("blacklist", credit.blacklist());
    return "risk/credit";
  }

  @PostMapping("/credit/blacklist")
  String blacklist(
      @AuthenticationPrincipal Actor actor,
      @RequestParam String kind,
      @RequestParam long id,
      @RequestParam String reason,
      @RequestParam("source_decision") String sourceDecision,
      @RequestParam("starts_on") String startsOn,
      @RequestParam(name = "ends_on", required = false) String endsOn,
      Model model) {
    if (actor.role() == Role.ANALYST) {
      throw new ApiException(org.springframework.http.HttpStatus.FORBIDDEN, "forbidden");
    }
    try {
      credit.add(
          actor,
          Credit.creditSubject(kind, id),
          reason,
          sourceDecision,
          CreditController.date("starts_on", startsOn),
          CreditController.date("ends_on", endsOn));
    } catch (ApiException e) {
      model.addAttribute("errors", errors(e));
      return credit(model);
    }
    return "redirect:/credit";
  }

  @GetMapping("/green")
  String green(@AuthenticationPrincipal Actor actor, Model model) {
    model.addAttribute("applications", green.list(actor, null));
    model.addAttribute("criteria", green.criteria());
    model.addAttribute("merchant", actor.role() == Role.MERCHANT);
    model.addAttribute(
        "rooms",
        actor.role() == Role.MERCHANT && actor.enterpriseId() != null
            ? merchantRooms.of(actor.enterpriseId())
            : List.of());
    return "risk/green";
  }

  @PostMapping("/green/apply")
  String apply(
      @AuthenticationPrincipal Actor actor,
      @RequestParam long room,
      @RequestParam(name = "licence_type", required = false) List<String> types,
      @RequestParam(name = "licence_number", required = false) List<String> numbers,
      @RequestParam(name = "licence_valid_until", required = false) List<String> until,
      @RequestParam(name = "training_completed", required = false) String trained,
      @RequestParam(name = "prechecked_scripts", defaultValue = "0") int prechecked,
      Model model) {
    if (actor.role() != Role.MERCHANT && actor.role() != Role.ADMIN) {
      throw new ApiException(org.springframework.http.HttpStatus.FORBIDDEN, "forbidden");
    }
    try {
      List<GreenCriteria.Licence> ls = new ArrayList<>();
      for (int i = 0; types != null && i < types.size(); i++) {
        String n = numbers != null && i < numbers.size() ? numbers.get(i) : null;
        if (types.get(i) == null || types.get(i).isBlank() || n == null || n.isBlank()) {
          continue;
        }
        String u = until != null && i < until.size() ? until.get(i) : null;
        ls.add(
            new GreenCriteria.Licence(
                types.get(i).strip(), n.strip(), CreditController.date("valid_until", u)));
      }
      green.apply(
          actor, room, ls, CreditController.date("training_completed", trained), prechecked);
    } catch (ApiException e) {
      model.addAttribute("errors", errors(e));
      return green(actor, model);
    }
    return "redirect:/green";
  }

  @PostMapping("/green/{id}/review")
  String review(
      @AuthenticationPrincipal Actor actor,
      @PathVariable long id,
      @RequestParam String decision,
      @RequestParam(required = false) String note,
      Model model) {
    staffDecider(actor);
    try {
      green.review(actor, id, decision, note);
    } catch (ApiException e) {
      model.addAttribute("errors", errors(e));
      return green(actor, model);
    }
    return "redirect:/green";
  }

  @PostMapping("/green/{id}/revoke")
  String revoke(
      @AuthenticationPrincipal Actor actor,
      @PathVariable long id,
      @RequestParam(required = false) String reason,
      Model model) {
    staffDecider(actor);
    try {
      green.revoke(actor, id, reason);
    } catch (ApiException e) {
      model.addAttribute("errors", errors(e));
      return green(actor, model);
    }
    return "redirect:/green";
  }

  private static void staffDecider(Actor actor) {
    if (actor.role() != Role.ADMIN && actor.role() != Role.OFFICER && actor.role() != Role.LEADER) {
      throw new ApiException(org.springframework.http.HttpStatus.FORBIDDEN, "forbidden");
    }
  }

  @GetMapping("/green-rooms")
  String greenRooms(Model model) {
    model.addAttribute("rooms", green.awarded());
    return "risk/green-rooms";
  }
}

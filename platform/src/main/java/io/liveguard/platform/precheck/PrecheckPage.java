package io.liveguard.platform.precheck;

import io.liveguard.detect.Finding;
import io.liveguard.detect.precheck.ScriptPrecheck;
import io.liveguard.platform.security.Actor;
import io.liveguard.platform.web.Problems;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * The merchant's pre-check page (脚本预检): paste or upload a script, see each risky phrase highlighted
 * with its provisions and rewrite, accept rewrites one by one or all, download the result. Open to
 * every role; rate-limited per user with the API ({@link PrecheckLimiter}).
 */
@Controller
class PrecheckPage {
  private final Prechecks prechecks;
  private final PrecheckLimiter limiter;
  private final Problems problems;

  PrecheckPage(Prechecks prechecks, PrecheckLimiter limiter, Problems problems) {
    this.prechecks = prechecks;
    this.limiter = limiter;
    this.problems = problems;
  }

  @GetMapping("/precheck")
  String form(Model model) {
    return form(model, "", "", null);
  }

  private String form(Model model, String text, String category, String error) {
    model.addAttribute("text", text);
    model.addAttribute("category", category == null ? "" : category);
    model.addAttribute("categories", prechecks.categories());
    model.addAttribute("maxChars", ScriptPrecheck.MAX_SCRIPT_LENGTH);
    model.addAttribute("maxMiB", ScriptUpload.MAX_BYTES / (1024 * 1024));
    if (error != null) {
      model.addAttribute("error", error);
    }
    return "precheck/form";
  }

  @PostMapping("/precheck")
  String check(
      @AuthenticationPrincipal Actor actor,
      @RequestParam(required = false) String text,
      @RequestParam(required = false) String category,
      @RequestParam(required = false) MultipartFile file,
      Model model,
      HttpServletResponse res)
      throws IOException {
    String script = text == null ? "" : text;
    if (file != null && !file.isEmpty()) {
      if (file.getSize() > ScriptUpload.MAX_BYTES) {
        res.setStatus(413);
        return form(
            model,
            "",
            category,
            problems.message("precheck.upload.too-large", ScriptUpload.MAX_BYTES / (1024 * 1024)));
      }
      ScriptUpload.Outcome o = ScriptUpload.read(file.getOriginalFilename(), file.getBytes());
      if (o instanceof ScriptUpload.Refused r) {
        res.setStatus(r.key().equals("precheck.upload.too-large") ? 413 : 400);
        return form(model, "", category, problems.message(r.key(), r.args()));
      }
      script = ((ScriptUpload.Script) o).text();
    }
    String refused = validate(script, category);
    if (refused != null) {
      res.setStatus(400);
      return form(model, script, category, refused);
    }
    if (limited(actor, model, res)) {
      return "precheck/limited";
    }
    model.addAttribute("v", prechecks.view(script, blankToNull(category)));
    return "precheck/result";
  }

  @PostMapping("/precheck/apply")
  String apply(
      @AuthenticationPrincipal Actor actor,
      @RequestParam(required = false) String text,
      @RequestParam(required = false) String category,
      @RequestParam(required = false) List<Integer> accept,
      @RequestParam(required = false) String all,
      Model model,
      HttpServletResponse res) {
    String script = text == null ? "" : text;
    String refused = validate(script, category);
    if (refused != null) {
      res.setStatus(400);
      return form(model, script, category, refused);
    }
    if (limited(actor, model, res)) {
      return "precheck/limited";
    }
    List<Finding> fs = prechecks.findings(script, blankToNull(category));
    Set<Integer> accepted = new HashSet<>();
    if (all != null) {
      for (int i = 0; i < fs.size(); i++) {
        accepted.add(i);
      }
    } else if (accept != null) {
      accepted.addAll(accept);
    }
    accepted.removeIf(i -> i == null || i < 0 || i >= fs.size());
    String next = Prechecks.apply(script, fs, accepted);
    if (next.length() > ScriptPrecheck.MAX_SCRIPT_LENGTH) {
      next = script;
    }
    model.addAttribute("applied", accepted.size());
    model.addAttribute("v", prechecks.view(next, blankToNull(category)));
    return "precheck/result";
  }

  @PostMapping("/precheck/download")
  ResponseEntity<byte[]> download(@RequestParam(required = false) String text) {
    String script = text == null ? "" : text;
    if (script.length() > ScriptPrecheck.MAX_SCRIPT_LENGTH) {
      return ResponseEntity.badRequest()
          .contentType(new MediaType("text", "plain", StandardCharsets.UTF_8))
          .body(
              problems
                  .message("precheck.too-long", ScriptPrecheck.MAX_SCRIPT_LENGTH)
                  .getBytes(StandardCharsets.UTF_8));
    }
    return ResponseEntity.ok()
        .contentType(new MediaType("text", "plain", StandardCharsets.UTF_8))
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment()
                .filename("script-checked.txt", StandardCharsets.UTF_8)
                .build()
                .toString())
        .header("X-Content-Type-Options", "nosniff")
        .body(script.getBytes(StandardCharsets.UTF_8));
  }

  private String validate(String script, String category) {
    if (script.isBlank()) {
      return problems.message("precheck.empty");
    }
    if (script.length() > ScriptPrecheck.MAX_SCRIPT_LENGTH) {
      return problems.message("precheck.too-long", ScriptPrecheck.MAX_SCRIPT_LENGTH);
    }
    if (category != null && !category.isBlank() && !prechecks.knownCategory(category)) {
      return problems.message("precheck.unknown-category", category);
    }
    return null;
  }

  private boolean limited(Actor actor, Model model, HttpServletResponse res) {
    Duration wait = limiter.take(actor.id());
    if (wait.isZero()) {
      return false;
    }
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    res.setStatus(429);
    res.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
    model.addAttribute("perMinute", limiter.perMinute());
    model.addAttribute("seconds", seconds);
    return true;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}

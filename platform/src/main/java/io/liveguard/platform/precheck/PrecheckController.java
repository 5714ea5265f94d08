package io.liveguard.platform.precheck;

import io.liveguard.detect.Channel;
import io.liveguard.detect.CheckOptions;
import io.liveguard.detect.Detector;
import io.liveguard.detect.FindingJson;
import io.liveguard.platform.rules.RuleBook;
import io.liveguard.platform.security.Actor;
import io.liveguard.platform.web.ApiException;
import io.liveguard.platform.web.Problems;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Script pre-check (脚本预检) for merchants and staff: every risky phrase with its provisions, with the
 * rules in force. Rate-limited per user (429 with {@code Retry-After}).
 */
@RestController
class PrecheckController {
  static final int MAX_SCRIPT = 100_000;
  private final RuleBook rules;
  private final PrecheckLimiter limiter;
  private final JsonMapper json;
  private final Problems problems;

  PrecheckController(RuleBook rules, PrecheckLimiter limiter, JsonMapper json, Problems problems) {
    this.rules = rules;
    this.limiter = limiter;
    this.json = json;
    this.problems = problems;
  }

  record PrecheckRequest(
      @NotNull(message = "{validation.script}")
          @Size(max = MAX_SCRIPT, message = "{validation.script}")
          String text,
      String category) {}

  @PostMapping("/api/v1/precheck")
  Map<String, Object> precheck(
      @AuthenticationPrincipal Actor actor, @Valid @RequestBody PrecheckRequest r) {
    Detector detector = rules.detector();
    if (r.category() != null && !detector.catalogue().products().containsKey(r.category())) {
      throw ApiException.badRequest("unknown-category", r.category());
    }
    Duration wait = limiter.take(actor.id());
    if (!wait.isZero()) {
      throw new RateLimited(Math.max(1, (wait.toMillis() + 999) / 1000));
    }
    List<JsonNode> findings = new ArrayList<>();
    for (var f :
        detector.check(
            r.text(),
            new CheckOptions(Channel.SCRIPT, r.category(), LocalDate.now(Detector.CHINA)))) {
      findings.add(json.readTree(FindingJson.toJson(f)));
    }
    return Map.of("findings", findings, "count", findings.size());
  }

  /** Too many pre-checks; retry after the given seconds. */
  static final class RateLimited extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final long seconds;

    RateLimited(long seconds) {
      super("pre-check rate limit", null, false, false);
      this.seconds = seconds;
    }
  }

  @ExceptionHandler(RateLimited.class)
  ResponseEntity<ProblemDetail> rateLimited(RateLimited e) {
    ProblemDetail p =
        problems.of(
            HttpStatus.TOO_MANY_REQUESTS, "precheck-rate-limited", limiter.perMinute(), e.seconds);
    p.setProperty("retryAfterSeconds", e.seconds);
    return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
        .header(HttpHeaders.RETRY_AFTER, Long.toString(e.seconds))
        .body(p);
  }
}

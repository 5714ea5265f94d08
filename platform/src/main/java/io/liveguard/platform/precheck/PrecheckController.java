package io.liveguard.platform.precheck;

import io.liveguard.detect.Channel;
import io.liveguard.detect.CheckOptions;
import io.liveguard.detect.Detector;
import io.liveguard.detect.FindingJson;
import io.liveguard.platform.web.ApiException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Script pre-check (脚本预检) for merchants and staff: every risky phrase with its provisions. */
@RestController
class PrecheckController {
  static final int MAX_SCRIPT = 100_000;
  private final Detector detector;
  private final JsonMapper json;

  PrecheckController(Detector detector, JsonMapper json) {
    this.detector = detector;
    this.json = json;
  }

  record PrecheckRequest(
      @NotNull(message = "{validation.script}")
          @Size(max = MAX_SCRIPT, message = "{validation.script}")
          String text,
      String category) {}

  @PostMapping("/api/v1/precheck")
  Map<String, Object> precheck(@Valid @RequestBody PrecheckRequest r) {
    if (r.category() != null && !detector.catalogue().products().containsKey(r.category())) {
      throw ApiException.badRequest("unknown-category", r.category());
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
}

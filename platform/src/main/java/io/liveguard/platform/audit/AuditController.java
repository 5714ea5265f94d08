package io.liveguard.platform.audit;

import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The whole audit trail (admin, leader) and a check of its hash chain. */
@RestController
class AuditController {
  private final AuditTrail audit;

  AuditController(AuditTrail audit) {
    this.audit = audit;
  }

  @GetMapping("/api/v1/audit")
  List<AuditTrail.Entry> page(
      @RequestParam(defaultValue = "0") long after, @RequestParam(defaultValue = "500") int limit) {
    return audit.page(after, Math.max(1, Math.min(limit, 5000)));
  }

  @GetMapping("/api/v1/audit/verify")
  Map<String, Object> verify() {
    long broken = audit.verify();
    return broken < 0 ? Map.of("intact", true) : Map.of("intact", false, "firstBrokenSeq", broken);
  }
}

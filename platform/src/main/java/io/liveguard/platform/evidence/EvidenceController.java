package io.liveguard.platform.evidence;

import io.liveguard.platform.audit.AuditTrail;
import io.liveguard.platform.lead.Leads;
import io.liveguard.platform.security.Actor;
import io.liveguard.platform.web.ApiException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * Evidence of a finding: its sealed manifest, and the evidence module's package ({@code
 * application/zip}) that {@code liveguard evidence verify} checks offline. Every download is a
 * custody event ({@code exported}, by the signed-in user) in the vault's log and an entry in the
 * audit trail. Layout in docs/evidence.md; ids and endpoints in docs/platform.md.
 */
@RestController
class EvidenceController {
  private final JdbcClient jdbc;
  private final Leads leads;
  private final EvidenceSealer sealer;
  private final AuditTrail audit;
  private final JsonMapper json;

  EvidenceController(
      JdbcClient jdbc, Leads leads, EvidenceSealer sealer, AuditTrail audit, JsonMapper json) {
    this.jdbc = jdbc;
    this.leads = leads;
    this.sealer = sealer;
    this.audit = audit;
    this.json = json;
  }

  private record Row(long id, long leadId, long findingId, String draft) {}

  private Row row(Actor actor, long id) {
    Row r =
        jdbc.sql("SELECT id, lead_id, finding_id, manifest FROM evidence WHERE id = ?")
            .param(id)
            .query((rs, i) -> new Row(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4)))
            .optional()
            .orElseThrow(() -> ApiException.notFound("evidence", id));
    if (!leads.visible(actor, r.leadId())) {
      throw ApiException.notFound("evidence", id);
    }
    return r;
  }

  @GetMapping("/api/v1/evidence/{id}")
  Map<String, Object> get(@AuthenticationPrincipal Actor actor, @PathVariable long id)
      throws Exception {
    Row r = row(actor, id);
    EvidenceSealer.Sealed s = sealer.seal(r.id());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("lead", r.leadId());
    m.put("finding", r.findingId());
    m.put("evidenceId", s.vaultId());
    m.put("manifestSha256", s.vaultId());
    m.put("logIndex", s.leafIndex());
    m.put("origin", sealer.vault().origin());
    m.put(
        "manifest",
        json.readTree(
            new String(sealer.vault().log().entry(s.leafIndex()), StandardCharsets.UTF_8)));
    m.put("draft", json.readTree(r.draft()));
    m.put("package", "/api/v1/evidence/" + r.id() + "/package");
    return m;
  }

  @GetMapping("/api/v1/evidence/{id}/package")
  ResponseEntity<byte[]> pack(@AuthenticationPrincipal Actor actor, @PathVariable long id)
      throws Exception {
    Row r = row(actor, id);
    EvidenceSealer.Sealed s = sealer.seal(r.id());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    sealer.vault().exportPackage(s.vaultId(), actor.username(), bytes);
    audit.append(
        actor.username(),
        "evidence.export",
        "evidence:" + r.id(),
        Map.of("evidenceId", s.vaultId(), "lead", r.leadId()));
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType("application/zip"))
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"evidence-" + id + ".zip\"")
        .body(bytes.toByteArray());
  }
}

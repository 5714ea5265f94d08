package io.liveguard.platform.evidence;

import io.liveguard.platform.lead.Leads;
import io.liveguard.platform.security.Actor;
import io.liveguard.platform.web.ApiException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
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
 * Evidence of a finding: its manifest, and the package ({@code application/zip}) that verifies
 * offline — {@code manifest.json}, {@code blobs/<sha256>}, and {@code proof.json} with the log
 * index, the RFC 6962 inclusion proof, the signed checkpoint (C2SP signed note) and the log's
 * verifier key. Layout in docs/platform.md.
 */
@RestController
class EvidenceController {
  private final JdbcClient jdbc;
  private final Leads leads;
  private final LogSealer sealer;
  private final JsonMapper json;

  EvidenceController(JdbcClient jdbc, Leads leads, LogSealer sealer, JsonMapper json) {
    this.jdbc = jdbc;
    this.leads = leads;
    this.sealer = sealer;
    this.json = json;
  }

  private record Row(long id, long leadId, String manifest, String sha256, Long logIndex) {}

  private Row row(Actor actor, long id) {
    Row r =
        jdbc.sql(
                "SELECT id, lead_id, manifest, manifest_sha256, log_index FROM evidence WHERE id ="
                    + " ?")
            .param(id)
            .query(
                (rs, i) -> {
                  long idx = rs.getLong(5);
                  // wasNull() refers to the last column read: ask right after reading log_index.
                  Long logIndex = rs.wasNull() ? null : idx;
                  return new Row(
                      rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), logIndex);
                })
            .optional()
            .orElseThrow(() -> ApiException.notFound("evidence", id));
    if (!leads.visible(actor, r.leadId())) {
      throw ApiException.notFound("evidence", id);
    }
    return r;
  }

  @GetMapping("/api/v1/evidence/{id}")
  Map<String, Object> get(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
    Row r = row(actor, id);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("lead", r.leadId());
    m.put("manifestSha256", r.sha256());
    m.put("logIndex", r.logIndex());
    m.put("manifest", json.readTree(r.manifest()));
    m.put("package", "/api/v1/evidence/" + r.id() + "/package");
    return m;
  }

  @GetMapping("/api/v1/evidence/{id}/package")
  ResponseEntity<byte[]> pack(@AuthenticationPrincipal Actor actor, @PathVariable long id)
      throws Exception {
    Row r = row(actor, id);
    Long index = r.logIndex();
    if (index == null) {
      sealer.seal();
      index =
          jdbc.sql("SELECT log_index FROM evidence WHERE id = ?")
              .param(id)
              .query(Long.class)
              .single();
    }
    LogSealer.Proof proof = sealer.proof(index);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      put(zip, "manifest.json", r.manifest().getBytes(StandardCharsets.UTF_8));
      for (var b : json.readTree(r.manifest()).get("blobs")) {
        String sha = b.get("sha256").asString();
        byte[] content =
            jdbc.sql("SELECT content FROM evidence_blob WHERE sha256 = ?")
                .param(sha)
                .query(byte[].class)
                .single();
        put(zip, "blobs/" + sha, content);
      }
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("log_index", proof.index());
      p.put("tree_size", proof.treeSize());
      p.put("inclusion_proof", proof.hashes());
      p.put("checkpoint", proof.checkpoint());
      p.put("verifier_key", proof.verifierKey());
      p.put("manifest_sha256", r.sha256());
      put(zip, "proof.json", json.writeValueAsBytes(p));
    }
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType("application/zip"))
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"evidence-" + id + ".zip\"")
        .body(bytes.toByteArray());
  }

  private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(content);
    zip.closeEntry();
  }
}

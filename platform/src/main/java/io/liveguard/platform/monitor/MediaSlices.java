package io.liveguard.platform.monitor;

import io.liveguard.evidence.EvidenceVault;
import io.liveguard.platform.audit.AuditTrail;
import io.liveguard.platform.security.Actor;
import io.liveguard.platform.web.ApiException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The media slices capture workers sealed around their findings (the TS segments and the frame, in
 * the evidence vault): {@code GET /api/v1/monitoring-tasks/slices?room=&session=&event=} lists them
 * for the rooms the reader's jurisdiction covers, {@code …/slices/{evidenceId}/package} exports one
 * as an evidence package ({@code liveguard evidence verify}); each export is an {@code exported}
 * custody event in the log and a {@code monitor_slice.export} audit entry.
 */
@RestController
class MediaSlices {
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private final JdbcClient jdbc;
  private final EvidenceVault vault;
  private final AuditTrail audit;

  MediaSlices(JdbcClient jdbc, EvidenceVault vault, AuditTrail audit) {
    this.jdbc = jdbc;
    this.vault = vault;
    this.audit = audit;
  }

  @GetMapping("/api/v1/monitoring-tasks/slices")
  List<Map<String, Object>> list(
      @AuthenticationPrincipal Actor actor,
      @RequestParam(required = false) String room,
      @RequestParam(required = false) String session,
      @RequestParam(required = false) String event) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT ms.*, j.path FROM monitor_slice ms LEFT JOIN room r ON r.platform ="
                + " ms.platform AND r.external_id = ms.room LEFT JOIN jurisdiction j ON j.code ="
                + " r.jurisdiction_code WHERE 1 = 1");
    List<Object> p = new ArrayList<>();
    if (room != null) {
      int colon = room.indexOf(':');
      if (colon > 0) {
        sql.append(" AND ms.platform = ?");
        p.add(room.substring(0, colon));
        room = room.substring(colon + 1);
      }
      sql.append(" AND ms.room = ?");
      p.add(checked("room", room));
    }
    if (session != null) {
      sql.append(" AND ms.session = ?");
      p.add(checked("session", session));
    }
    if (event != null) {
      sql.append(" AND ms.event_id = ?");
      p.add(checked("event", event));
    }
    sql.append(" ORDER BY ms.id DESC LIMIT 500");
    List<Map<String, Object>> out = new ArrayList<>();
    jdbc.sql(sql.toString())
        .params(p)
        .query(
            rs -> {
              if (!actor.sees(rs.getString("path"))) {
                return;
              }
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("evidenceId", rs.getString("evidence_id"));
              m.put("event", rs.getString("event_id"));
              m.put("platform", rs.getString("platform"));
              m.put("room", rs.getString("room"));
              m.put("session", rs.getString("session"));
              m.put("rule", rs.getString("rule_id"));
              m.put(
                  "sealedAt",
                  rs.getObject("sealed_at", OffsetDateTime.class).toInstant().toString());
              m.put(
                  "package",
                  "/api/v1/monitoring-tasks/slices/" + rs.getString("evidence_id") + "/package");
              out.add(m);
            });
    return out;
  }

  @GetMapping("/api/v1/monitoring-tasks/slices/{evidenceId}/package")
  ResponseEntity<byte[]> pack(@AuthenticationPrincipal Actor actor, @PathVariable String evidenceId)
      throws IOException {
    if (!HEX64.matcher(evidenceId).matches()) {
      throw ApiException.notFound("media-slice", TaskDraft.clip(evidenceId));
    }
    List<String> paths =
        jdbc.sql(
                "SELECT j.path FROM monitor_slice ms LEFT JOIN room r ON r.platform = ms.platform"
                    + " AND r.external_id = ms.room LEFT JOIN jurisdiction j ON j.code ="
                    + " r.jurisdiction_code WHERE ms.evidence_id = ?")
            .param(evidenceId)
            .query((rs, n) -> rs.getString(1))
            .list();
    if (paths.isEmpty() || !actor.sees(paths.get(0))) {
      throw ApiException.notFound("media-slice", evidenceId);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    vault.exportPackage(evidenceId, actor.username(), bytes);
    audit.append(
        actor.username(),
        "monitor_slice.export",
        "monitor_slice:" + evidenceId,
        Map.of("evidenceId", evidenceId));
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType("application/zip"))
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            "attachment; filename=\"media-slice-" + evidenceId.substring(0, 16) + ".zip\"")
        .body(bytes.toByteArray());
  }

  private static String checked(String name, String value) {
    if (!ID.matcher(value).matches()) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "bad-parameter", name, TaskDraft.clip(value));
    }
    return value;
  }
}

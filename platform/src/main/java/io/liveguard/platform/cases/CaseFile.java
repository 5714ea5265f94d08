package io.liveguard.platform.cases;

import io.liveguard.platform.audit.AuditTrail;
import io.liveguard.platform.lead.Leads;
import io.liveguard.platform.security.Actor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What a case page and its dossier show besides the review: subject, timeline, officers. */
@Service
class CaseFile {
  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final AuditTrail audit;
  private final MessageSource messages;

  CaseFile(JdbcClient jdbc, JsonMapper json, AuditTrail audit, MessageSource messages) {
    this.jdbc = jdbc;
    this.json = json;
    this.audit = audit;
    this.messages = messages;
  }

  /** The subject (主体) of a case: the room, its operator, streamer and jurisdiction. */
  record Subject(
      String platform,
      String platformName,
      String room,
      String roomName,
      String enterprise,
      String uscc,
      String streamer,
      String jurisdiction) {}

  Subject subject(Leads.LeadView lead) {
    return jdbc.sql(
            "SELECT p.name, r.name, e.name, e.uscc, s.name, j.name FROM room r LEFT JOIN platform"
                + " p ON p.code = r.platform LEFT JOIN enterprise e ON e.id = r.enterprise_id LEFT"
                + " JOIN streamer s ON s.id = r.streamer_id LEFT JOIN jurisdiction j ON j.code ="
                + " r.jurisdiction_code WHERE r.platform = ? AND r.external_id = ?")
        .params(lead.platform(), lead.room())
        .query(
            (rs, i) ->
                new Subject(
                    lead.platform(),
                    rs.getString(1),
                    lead.room(),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getString(6)))
        .optional()
        .orElse(new Subject(lead.platform(), null, lead.room(), null, null, null, null, null));
  }

  /** One action of the timeline, its detail as name/value pairs. */
  record Step(
      long seq,
      String at,
      String actor,
      String action,
      String label,
      List<Map.Entry<String, String>> detail,
      String hash) {}

  List<Step> timeline(long leadId, Locale locale) {
    List<Step> out = new ArrayList<>();
    for (AuditTrail.Entry e : audit.forTarget("lead:" + leadId)) {
      List<Map.Entry<String, String>> detail = new ArrayList<>();
      try {
        JsonNode d = json.readTree(e.detail());
        for (var p : d.properties()) {
          detail.add(
              Map.entry(
                  p.getKey(),
                  p.getValue().isString() ? p.getValue().asString() : p.getValue().toString()));
        }
      } catch (RuntimeException ex) {
        detail.add(Map.entry("detail", e.detail()));
      }
      String label = messages.getMessage("cases.action." + e.action(), null, e.action(), locale);
      out.add(new Step(e.seq(), e.at().toString(), e.actor(), e.action(), label, detail, e.hash()));
    }
    return out;
  }

  /** Officers an assignment may name: enabled officers whose jurisdiction contains the lead's. */
  List<Map<String, String>> officers(Actor actor, String leadPath) {
    if (leadPath == null) {
      return List.of();
    }
    return jdbc.sql(
            "SELECT u.username, u.display_name, j.name FROM app_user u JOIN jurisdiction j ON"
                + " j.code = u.jurisdiction_code WHERE u.role = 'officer' AND u.enabled AND ? LIKE"
                + " j.path || '%' ORDER BY j.path DESC, u.username")
        .param(leadPath)
        .query(
            (rs, i) -> {
              Map<String, String> m = new LinkedHashMap<>();
              m.put("username", rs.getString(1));
              m.put("name", rs.getString(2));
              m.put("jurisdiction", rs.getString(3));
              return m;
            })
        .list();
  }

  String leadPath(long leadId) {
    return jdbc.sql("SELECT jurisdiction_path FROM lead WHERE id = ?")
        .param(leadId)
        .query(String.class)
        .optional()
        .orElse(null);
  }
}

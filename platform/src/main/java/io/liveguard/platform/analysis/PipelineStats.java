package io.liveguard.platform.analysis;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/stats/pipeline}: events stored and analysed, findings and leads, and the
 * latency from an event's arrival to its finding being visible in a lead (p50/p95 over the latest
 * 100,000 findings), measured from the database's own timestamps.
 */
@RestController
class PipelineStats {
  private final JdbcClient jdbc;
  private final LiveAnalysis analysis;

  PipelineStats(JdbcClient jdbc, LiveAnalysis analysis) {
    this.jdbc = jdbc;
    this.analysis = analysis;
  }

  @GetMapping("/api/v1/stats/pipeline")
  Map<String, Object> stats() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("events", count("SELECT COUNT(*) FROM event"));
    m.put("lastSeq", count("SELECT COALESCE(MAX(seq), 0) FROM event"));
    m.put("analysedSeq", analysis.cursor());
    m.put("findings", count("SELECT COUNT(*) FROM finding"));
    m.put("leads", count("SELECT COUNT(*) FROM lead"));
    List<Long> millis = new ArrayList<>();
    jdbc.sql(
            "SELECT e.received_at, v.created_at FROM evidence v JOIN finding f ON f.id ="
                + " v.finding_id JOIN event e ON e.seq = f.event_seq ORDER BY v.id DESC LIMIT"
                + " 100000")
        .query(
            (rs, i) -> {
              millis.add(
                  Duration.between(
                          rs.getObject(1, OffsetDateTime.class),
                          rs.getObject(2, OffsetDateTime.class))
                      .toMillis());
              return null;
            })
        .list();
    Collections.sort(millis);
    if (!millis.isEmpty()) {
      m.put("latencySamples", millis.size());
      m.put("latencyP50Ms", millis.get((int) Math.floor(0.50 * (millis.size() - 1))));
      m.put("latencyP95Ms", millis.get((int) Math.floor(0.95 * (millis.size() - 1))));
      m.put("latencyMaxMs", millis.get(millis.size() - 1));
    }
    return m;
  }

  private long count(String sql) {
    return jdbc.sql(sql).query(Long.class).single();
  }
}

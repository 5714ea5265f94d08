package io.liveguard.platform.analysis;

import io.liveguard.platform.cluster.ClusterSettings;
import io.liveguard.platform.ingest.IngestBacklog;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/stats/pipeline}: events stored and analysed, findings and leads, and the
 * latency from an event's arrival to its finding being visible in a lead (p50/p95 over the latest
 * 100,000 findings), measured from the database's own timestamps; the backlog the ingest API holds
 * back on, and where the analysis rounds spend their time since start.
 */
@RestController
class PipelineStats {
  private final JdbcClient jdbc;
  private final ClusterSettings mode;
  private final ObjectProvider<LiveAnalysis> analysis;
  private final IngestBacklog backlog;

  PipelineStats(
      JdbcClient jdbc,
      ClusterSettings mode,
      ObjectProvider<LiveAnalysis> analysis,
      IngestBacklog backlog) {
    this.jdbc = jdbc;
    this.mode = mode;
    this.analysis = analysis;
    this.backlog = backlog;
  }

  @GetMapping("/api/v1/stats/pipeline")
  Map<String, Object> stats() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("events", count("SELECT COUNT(*) FROM event"));
    m.put("lastSeq", count("SELECT COALESCE(MAX(seq), 0) FROM event"));
    m.put("mode", mode.mode());
    // embedded: analysed in process; cluster: published to Kafka for the Flink job
    m.put(
        "analysedSeq",
        jdbc.sql("SELECT seq FROM analysis_cursor WHERE name = ?")
            .param(mode.cursor())
            .query(Long.class)
            .optional()
            .orElse(0L));
    m.put("findings", count("SELECT COUNT(*) FROM finding"));
    m.put("leads", count("SELECT COUNT(*) FROM lead"));
    m.put("backlogEvents", backlog.events());
    m.put("backlogLagMs", backlog.lag().toMillis());
    // embedded mode only: per-stage timings of the in-process analysis
    LiveAnalysis embedded = analysis.getIfAvailable();
    if (embedded != null) {
      m.put("analysis", embedded.timings());
    }
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
    percentiles(m, "latency", millis);
    // Drafts committed with their findings and not yet sealed into the vault.
    m.put("evidencePending", count("SELECT COUNT(*) FROM evidence_pending"));
    return m;
  }

  private static void percentiles(Map<String, Object> m, String prefix, List<Long> millis) {
    Collections.sort(millis);
    if (!millis.isEmpty()) {
      m.put(prefix + "Samples", millis.size());
      m.put(prefix + "P50Ms", millis.get((int) Math.floor(0.50 * (millis.size() - 1))));
      m.put(prefix + "P95Ms", millis.get((int) Math.floor(0.95 * (millis.size() - 1))));
      m.put(prefix + "MaxMs", millis.get(millis.size() - 1));
    }
  }

  private long count(String sql) {
    return jdbc.sql(sql).query(Long.class).single();
  }
}

package io.liveguard.platform.risk;

import io.liveguard.platform.audit.AuditTrail;
import io.liveguard.risk.RiskEngine;
import io.liveguard.risk.Signal;
import io.liveguard.risk.Subject;
import io.liveguard.risk.Warning;
import io.liveguard.risk.WarningRules;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Feeds the risk engine from what the platform stores: new findings (with their lead's room),
 * confirmations in the audit trail, session starts (the room's streamer goes on air) and
 * complaints. Each round reads after its four cursors, applies the signals in time order, audits
 * every warning raised or escalated and advances the cursors — in one transaction, so each signal
 * is applied exactly once across crashes. One thread applies signals; {@link #drain()} runs a round
 * in the caller's thread (tests).
 */
@Component
public class RiskFeed implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(RiskFeed.class);
  static final int BATCH = 1000;

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final RiskEngine engine;
  private final AuditTrail audit;
  private final Duration poll;
  private ScheduledExecutorService executor;

  RiskFeed(
      JdbcClient jdbc,
      TransactionTemplate tx,
      RiskEngine engine,
      AuditTrail audit,
      @Value("${liveguard.risk.poll:PT2S}") Duration poll) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.engine = engine;
    this.audit = audit;
    this.poll = poll;
  }

  /** Applies everything stored so far; returns the number of signals applied. */
  public synchronized int drain() {
    int total = 0;
    int n;
    while ((n = round()) > 0) {
      total += n;
    }
    return total;
  }

  private record Timed(Instant at, Signal signal) {}

  private int round() {
    Integer n =
        tx.execute(
            status -> {
              Map<String, Long> cursors = new LinkedHashMap<>();
              jdbc.sql("SELECT name, pos FROM risk_cursor FOR UPDATE")
                  .query((rs, i) -> cursors.put(rs.getString(1), rs.getLong(2)))
                  .list();
              List<Timed> signals = new ArrayList<>();
              long read = 0;
              read += findings(cursors, signals);
              read += confirmations(cursors, signals);
              read += sessions(cursors, signals);
              read += complaints(cursors, signals);
              signals.sort(Comparator.comparing(Timed::at));
              for (Timed t : signals) {
                for (Warning.Change c : engine.apply(t.signal())) {
                  audited(c);
                }
              }
              cursors.forEach(
                  (name, pos) ->
                      jdbc.sql("UPDATE risk_cursor SET pos = ? WHERE name = ?")
                          .params(pos, name)
                          .update());
              return (int) read;
            });
    return n == null ? 0 : n;
  }

  private long findings(Map<String, Long> cursors, List<Timed> out) {
    List<Object[]> rows =
        jdbc.sql(
                "SELECT f.id, f.rule, f.category, f.severity, f.term, f.occurred_at, l.room_id FROM"
                    + " finding f JOIN lead l ON l.id = f.lead_id WHERE f.id > ? ORDER BY f.id"
                    + " LIMIT ?")
            .params(cursors.get("finding"), BATCH)
            .query(
                (rs, i) ->
                    new Object[] {
                      rs.getLong(1),
                      rs.getString(2),
                      rs.getString(3),
                      rs.getString(4),
                      rs.getString(5),
                      Sql.instant(rs, "occurred_at"),
                      rs.getObject(7) == null ? null : rs.getLong(7)
                    })
            .list();
    for (Object[] r : rows) {
      cursors.put("finding", (Long) r[0]);
      if (r[6] == null) {
        continue;
      }
      String family = (String) r[2];
      String cue =
          WarningRules.COUNTERFEIT_FAMILY.equals(family)
              ? r[1] + "|" + (r[4] == null ? "" : r[4])
              : null;
      Instant at = (Instant) r[5];
      out.add(
          new Timed(
              at,
              new Signal.FindingRaised(
                  (Long) r[6], Signal.Severity.parse((String) r[3]), family, cue, at)));
    }
    return rows.size();
  }

  private long confirmations(Map<String, Long> cursors, List<Timed> out) {
    List<Object[]> rows =
        jdbc.sql(
                "SELECT seq, at, action, target FROM audit_entry WHERE seq > ? ORDER BY seq LIMIT"
                    + " ?")
            .params(cursors.get("audit"), BATCH)
            .query(
                (rs, i) ->
                    new Object[] {
                      rs.getLong(1), Sql.instant(rs, "at"), rs.getString(3), rs.getString(4)
                    })
            .list();
    for (Object[] r : rows) {
      cursors.put("audit", (Long) r[0]);
      String target = (String) r[3];
      if (!"lead.confirm".equals(r[2]) || !target.startsWith("lead:")) {
        continue;
      }
      long lead = Long.parseLong(target.substring(5));
      List<Long> room =
          jdbc.sql("SELECT room_id FROM lead WHERE id = ? AND room_id IS NOT NULL")
              .param(lead)
              .query(Long.class)
              .list();
      if (!room.isEmpty()) {
        out.add(new Timed((Instant) r[1], new Signal.LeadConfirmed(room.get(0), (Instant) r[1])));
      }
    }
    return rows.size();
  }

  /** Session starts among the events the live analysis has passed (it registers sessions). */
  private long sessions(Map<String, Long> cursors, List<Timed> out) {
    long analysed =
        jdbc.sql("SELECT seq FROM analysis_cursor WHERE name = 'live'").query(Long.class).single();
    long from = cursors.get("session");
    if (analysed <= from) {
      return 0;
    }
    long to = Math.min(analysed, from + 50L * BATCH);
    List<Object[]> rows =
        jdbc.sql(
                "SELECT e.occurred_at, r.id, r.streamer_id FROM event e JOIN room r ON r.platform"
                    + " = e.platform AND r.external_id = e.room WHERE e.seq > ? AND e.seq <= ? AND"
                    + " e.event_type = 'session_started' AND r.streamer_id IS NOT NULL ORDER BY"
                    + " e.seq")
            .params(from, to)
            .query(
                (rs, i) ->
                    new Object[] {Sql.instant(rs, "occurred_at"), rs.getLong(2), rs.getLong(3)})
            .list();
    for (Object[] r : rows) {
      Instant at = (Instant) r[0];
      out.add(new Timed(at, new Signal.StreamerAppeared((Long) r[1], (Long) r[2], at)));
    }
    cursors.put("session", to);
    return Math.max(1, rows.size());
  }

  private long complaints(Map<String, Long> cursors, List<Timed> out) {
    List<Object[]> rows =
        jdbc.sql(
                "SELECT id, room_id, streamer_id, enterprise_id, is_specific, filed_at FROM complaint"
                    + " WHERE id > ? ORDER BY id LIMIT ?")
            .params(cursors.get("complaint"), BATCH)
            .query(
                (rs, i) ->
                    new Object[] {
                      rs.getLong(1),
                      rs.getObject(2) == null ? null : rs.getLong(2),
                      rs.getObject(3) == null ? null : rs.getLong(3),
                      rs.getObject(4) == null ? null : rs.getLong(4),
                      rs.getBoolean(5),
                      Sql.instant(rs, "filed_at")
                    })
            .list();
    for (Object[] r : rows) {
      cursors.put("complaint", (Long) r[0]);
      Instant at = (Instant) r[5];
      boolean specific = (Boolean) r[4];
      if (r[1] != null) {
        out.add(new Timed(at, new Signal.ComplaintFiled(Subject.room((Long) r[1]), specific, at)));
      }
      if (r[2] != null) {
        out.add(
            new Timed(at, new Signal.ComplaintFiled(Subject.streamer((Long) r[2]), specific, at)));
      }
      if (r[3] != null) {
        out.add(
            new Timed(
                at, new Signal.ComplaintFiled(Subject.enterprise((Long) r[3]), specific, at)));
      }
    }
    return rows.size();
  }

  private void audited(Warning.Change c) {
    Warning w = c.warning();
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("rule", w.rule());
    detail.put("subject", w.subject().key());
    detail.put("tier", w.tier().id());
    detail.put("facts", w.facts());
    String action = "warning.raised";
    if (c instanceof Warning.Escalated e) {
      action = "warning.escalated";
      detail.put("from", e.from().id());
    }
    audit.append("system", action, "warning:" + w.id(), detail);
  }

  @Override
  public void start() {
    if (poll.isZero() || poll.isNegative()) {
      // liveguard.risk.poll=0: no background feed; drain() is called explicitly (tests, tools).
      return;
    }
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "risk-feed");
              t.setDaemon(true);
              return t;
            });
    executor.scheduleWithFixedDelay(
        () -> {
          try {
            drain();
          } catch (RuntimeException e) {
            log.warn("risk feed round failed, retrying: {}", e.toString());
          }
        },
        poll.toMillis(),
        poll.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    if (executor != null) {
      executor.shutdownNow();
      try {
        executor.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      executor = null;
    }
  }

  @Override
  public boolean isRunning() {
    return executor != null;
  }
}

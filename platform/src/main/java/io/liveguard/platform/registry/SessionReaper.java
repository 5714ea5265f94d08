package io.liveguard.platform.registry;

import io.liveguard.platform.audit.AuditTrail;
import io.liveguard.platform.support.PollingWorker;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Ends the sessions whose stream fell silent. A room is live from its {@code session_started} until
 * its {@code session_ended}; when the end never comes (the capture died, the platform's crawler
 * missed it, the streamer pulled the plug) the room would stay live for ever: shown live on the
 * wall, watched by a media worker that reconnects in vain. So a started session that has had no
 * event for {@code liveguard.sessions.silence-timeout} (default 30 minutes, by arrival time) is
 * closed: its end is its last event's time, {@code end_reason} is {@code silent}, and the audit
 * trail says so (action {@code session.silent}, actor {@code system}). A session closed this way
 * that receives events again is reopened ({@code session.resumed}); a {@code session_started}
 * reopens it as well and a {@code session_ended} replaces the silent close ({@link
 * Registry#sessionEvent}). Events later than {@link #RESUME_WINDOW} after the close are stored and
 * analysed as always but no longer reopen it.
 *
 * <p>Checked every {@code liveguard.sessions.check-interval} (default one minute; {@code PT0S}:
 * only when {@link #check()} is called): one query over the open sessions, each with its latest
 * event found through the {@code event_session} index.
 */
@Component
public class SessionReaper implements SmartLifecycle {
  /** How long a session closed for silence can still be reopened by events that arrive late. */
  static final Duration RESUME_WINDOW = Duration.ofDays(1);

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final AuditTrail audit;
  private final InstantSource clock;
  private final org.springframework.context.ApplicationEventPublisher events;
  private final Duration timeout;
  private final Duration interval;
  private volatile PollingWorker worker;

  SessionReaper(
      JdbcClient jdbc,
      TransactionTemplate tx,
      AuditTrail audit,
      InstantSource clock,
      org.springframework.context.ApplicationEventPublisher events,
      @Value("${liveguard.sessions.silence-timeout:PT30M}") Duration timeout,
      @Value("${liveguard.sessions.check-interval:PT1M}") Duration interval) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(
          "liveguard.sessions.silence-timeout must be a positive duration (e.g. PT30M), was "
              + timeout);
    }
    if (interval == null || interval.isNegative()) {
      throw new IllegalArgumentException(
          "liveguard.sessions.check-interval must be a positive duration (e.g. PT1M) or PT0S"
              + " for no background checks, was "
              + interval);
    }
    this.jdbc = jdbc;
    this.tx = tx;
    this.audit = audit;
    this.clock = clock;
    this.events = events;
    this.timeout = timeout;
    this.interval = interval;
  }

  /** A session with its latest event. */
  record Open(
      long id,
      String platform,
      String room,
      String session,
      String reason,
      OffsetDateTime closedAt,
      String lastEvent,
      OffsetDateTime lastAt,
      OffsetDateTime lastReceived) {}

  /**
   * Published after a session was closed for silence ({@code status} "ended") or reopened ("live"),
   * for the wall's live feed.
   */
  public record StatusChanged(
      String platform, String room, String session, String status, String reason) {}

  /** What one check did. */
  public record Outcome(List<String> closed, List<String> resumed) {}

  /**
   * Closes the started sessions silent for longer than the timeout and reopens the silent-closed
   * ones that have received events since, as of now.
   */
  public Outcome check() {
    Instant now = clock.instant();
    OffsetDateTime horizon = OffsetDateTime.ofInstant(now.minus(timeout), ZoneOffset.UTC);
    List<String> closed = new ArrayList<>();
    List<String> resumed = new ArrayList<>();
    for (Open s : candidates(now)) {
      String target = "session:" + s.platform() + ":" + s.room() + ":" + s.session();
      if (s.reason() == null && s.lastReceived().isBefore(horizon)) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("last_event", s.lastEvent());
        detail.put("last_event_at", s.lastAt().toInstant().toString());
        detail.put("last_received_at", s.lastReceived().toInstant().toString());
        detail.put("silence_timeout", timeout.toString());
        if (audited(
            target,
            "session.silent",
            detail,
            "UPDATE live_session SET ended_at = ?, end_reason = 'silent', closed_at = ? WHERE id"
                + " = ? AND ended_at IS NULL",
            s.lastAt(),
            OffsetDateTime.ofInstant(now, ZoneOffset.UTC),
            s.id())) {
          closed.add(target);
          events.publishEvent(
              new StatusChanged(s.platform(), s.room(), s.session(), "ended", "silent"));
        }
      } else if ("silent".equals(s.reason())
          && s.closedAt() != null
          && s.lastReceived().isAfter(s.closedAt())
          && audited(
              target,
              "session.resumed",
              Map.of(
                  "event", s.lastEvent(), "received_at", s.lastReceived().toInstant().toString()),
              "UPDATE live_session SET ended_at = NULL, end_reason = NULL, closed_at = NULL WHERE"
                  + " id = ? AND end_reason = 'silent'",
              s.id())) {
        resumed.add(target);
        events.publishEvent(
            new StatusChanged(s.platform(), s.room(), s.session(), "live", "resumed"));
      }
    }
    return new Outcome(closed, resumed);
  }

  /**
   * Runs {@code update} and, when it changed the one row, the audit entry, in one transaction;
   * whether it did (another node, or a session_started, may have got there first).
   */
  private boolean audited(
      String target, String action, Map<String, ?> detail, String update, Object... params) {
    return Boolean.TRUE.equals(
        tx.execute(
            st -> {
              if (jdbc.sql(update).params(params).update() != 1) {
                return false;
              }
              audit.append("system", action, target, detail);
              return true;
            }));
  }

  /**
   * Open started sessions and the ones closed for silence within {@link #RESUME_WINDOW}, each with
   * its latest event.
   */
  private List<Open> candidates(Instant now) {
    return jdbc.sql(
            "SELECT s.id, r.platform, r.external_id, s.external_id, s.end_reason, s.closed_at,"
                + " e.event_id, e.occurred_at, e.received_at FROM live_session s JOIN room r ON"
                + " r.id = s.room_id JOIN event e ON e.seq = (SELECT MAX(x.seq) FROM event x"
                + " WHERE x.platform = r.platform AND x.room = r.external_id AND x.session ="
                + " s.external_id) WHERE s.started_at IS NOT NULL AND (s.ended_at IS NULL OR"
                + " (s.end_reason = 'silent' AND s.closed_at > ?)) ORDER BY s.id")
        .param(OffsetDateTime.ofInstant(now.minus(RESUME_WINDOW), ZoneOffset.UTC))
        .query(
            (rs, i) ->
                new Open(
                    rs.getLong(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getObject(6, OffsetDateTime.class),
                    rs.getString(7),
                    rs.getObject(8, OffsetDateTime.class),
                    rs.getObject(9, OffsetDateTime.class)))
        .list();
  }

  @Override
  public void start() {
    if (interval.isZero()) {
      return; // checked only when asked (the integration tests drive check())
    }
    PollingWorker w =
        new PollingWorker(
            "session-reaper",
            interval,
            interval,
            "closing silent sessions failed",
            () -> {
              check();
              return 0; // sleep a whole interval between checks
            });
    w.start();
    worker = w;
  }

  @Override
  public void stop() {
    PollingWorker w = worker;
    if (w != null) {
      w.stop(Duration.ofSeconds(10));
    }
  }

  @Override
  public boolean isRunning() {
    PollingWorker w = worker;
    return w != null && w.running();
  }
}

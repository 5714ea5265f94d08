package io.liveguard.platform.wall;

import io.liveguard.platform.security.Actor;
import io.liveguard.platform.security.Role;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The wall's live feed: one poller reads the events and findings stored since the last round and
 * sends each subscriber (a wall page's {@code EventSource}) what it may see — rooms of its
 * jurisdiction, matching its platform and jurisdiction filters — as server-sent events: {@code
 * line} (transcript, screen text), {@code listing}, {@code price}, {@code status} (session
 * started/ended, or closed for silence and reopened by {@code SessionReaper}) and {@code finding}.
 * Every payload is JSON; the page inserts strings as text nodes, never as markup.
 *
 * <p>A subscriber starts from the marks its page was rendered at, so nothing between the page and
 * the stream is missed. The wall is a live view: when more than {@link #MAX_BACKLOG} events wait (a
 * bulk load), only the latest are sent.
 */
@Component
class WallFeed implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(WallFeed.class);
  static final int MAX_SUBSCRIBERS = 500;
  static final int BATCH = 500;
  static final long MAX_BACKLOG = 2000;
  static final long TIMEOUT_MS = 30 * 60 * 1000L;
  static final long HEARTBEAT_MS = 15_000;

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  // Room key → jurisdiction path ("" when the room is unknown or has none), refreshed every 30 s.
  private final Map<String, String> roomPaths = new ConcurrentHashMap<>();
  private long roomPathsAt;
  private long lastHeartbeat;
  // Status changes that are not events (a session closed for silence), sent at the next round.
  private final java.util.Queue<Message> notices =
      new java.util.concurrent.ConcurrentLinkedQueue<>();

  WallFeed(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** One open stream. Marks are touched by the poller thread only. */
  static final class Subscriber {
    final SseEmitter emitter;
    final Actor actor;
    final String platform;
    final String jurisdictionPath;
    long eventMark;
    long findingMark;

    Subscriber(
        SseEmitter emitter,
        Actor actor,
        String platform,
        String jurisdictionPath,
        long eventMark,
        long findingMark) {
      this.emitter = emitter;
      this.actor = actor;
      this.platform = platform;
      this.jurisdictionPath = jurisdictionPath;
      this.eventMark = eventMark;
      this.findingMark = findingMark;
    }

    boolean sees(String platformOf, String path) {
      if (actor.role() == Role.MERCHANT) {
        return false;
      }
      String p = path == null || path.isEmpty() ? null : path;
      if (!actor.sees(p)) {
        return false;
      }
      if (platform != null && !platform.equals(platformOf)) {
        return false;
      }
      return jurisdictionPath == null || (p != null && p.startsWith(jurisdictionPath));
    }
  }

  /** Opens a stream; null when too many are open. */
  SseEmitter subscribe(
      Actor actor, String platform, String jurisdictionPath, long afterSeq, long afterFinding) {
    if (!running || subscribers.size() >= MAX_SUBSCRIBERS) {
      return null;
    }
    SseEmitter emitter = new SseEmitter(TIMEOUT_MS);
    Subscriber s =
        new Subscriber(emitter, actor, platform, jurisdictionPath, afterSeq, afterFinding);
    emitter.onCompletion(() -> subscribers.remove(s));
    emitter.onTimeout(() -> subscribers.remove(s));
    emitter.onError(e -> subscribers.remove(s));
    subscribers.add(s);
    return emitter;
  }

  int subscribers() {
    return subscribers.size();
  }

  /** A session closed for silence or reopened: its room's status changes without an event. */
  @org.springframework.context.event.EventListener
  void sessionStatus(io.liveguard.platform.registry.SessionReaper.StatusChanged e) {
    if (subscribers.isEmpty()) {
      return;
    }
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("room", e.platform() + "|" + e.room());
    d.put("platform", e.platform());
    d.put("roomId", e.room());
    d.put("status", e.status());
    d.put("session", e.session());
    d.put("reason", e.reason());
    notices.add(new Message("status", e.platform(), path(e.platform(), e.room()), d));
  }

  @Scheduled(fixedDelay = 300, initialDelay = 300)
  void poll() {
    if (subscribers.isEmpty()) {
      return;
    }
    try {
      round();
    } catch (RuntimeException e) {
      log.warn("wall feed round failed; will retry", e);
    }
  }

  private record Message(String name, String platform, String path, Map<String, Object> data) {}

  synchronized void round() {
    long now = System.currentTimeMillis();
    if (now - roomPathsAt > 30_000) {
      roomPaths.clear();
      roomPathsAt = now;
    }
    long maxSeq = jdbc.sql("SELECT COALESCE(MAX(seq), 0) FROM event").query(Long.class).single();
    long maxFinding =
        jdbc.sql("SELECT COALESCE(MAX(id), 0) FROM finding").query(Long.class).single();
    long fromSeq = Long.MAX_VALUE;
    long fromFinding = Long.MAX_VALUE;
    for (Subscriber s : subscribers) {
      if (maxSeq - s.eventMark > MAX_BACKLOG) {
        s.eventMark = maxSeq - MAX_BACKLOG;
      }
      if (maxFinding - s.findingMark > MAX_BACKLOG) {
        s.findingMark = maxFinding - MAX_BACKLOG;
      }
      fromSeq = Math.min(fromSeq, s.eventMark);
      fromFinding = Math.min(fromFinding, s.findingMark);
    }
    List<long[]> seqs = new ArrayList<>();
    List<Message> events = fromSeq < maxSeq ? events(fromSeq, maxSeq, seqs) : List.of();
    List<long[]> ids = new ArrayList<>();
    List<Message> findings =
        fromFinding < maxFinding ? findings(fromFinding, maxFinding, ids) : List.of();
    boolean heartbeat = now - lastHeartbeat > HEARTBEAT_MS;
    if (heartbeat) {
      lastHeartbeat = now;
    }
    List<Message> notes = new ArrayList<>();
    for (Message m; (m = notices.poll()) != null; ) {
      notes.add(m);
    }
    for (Subscriber s : subscribers) {
      try {
        for (Message m : notes) {
          if (s.sees(m.platform(), m.path())) {
            send(s, m);
          }
        }
        for (int i = 0; i < events.size(); i++) {
          long seq = seqs.get(i)[0];
          Message m = events.get(i);
          if (m != null && seq > s.eventMark && s.sees(m.platform(), m.path())) {
            send(s, m);
          }
        }
        for (int i = 0; i < findings.size(); i++) {
          long id = ids.get(i)[0];
          Message m = findings.get(i);
          if (id > s.findingMark && s.sees(m.platform(), m.path())) {
            send(s, m);
          }
        }
        if (!seqs.isEmpty()) {
          s.eventMark = Math.max(s.eventMark, seqs.get(seqs.size() - 1)[0]);
        }
        if (!ids.isEmpty()) {
          s.findingMark = Math.max(s.findingMark, ids.get(ids.size() - 1)[0]);
        }
        if (heartbeat) {
          s.emitter.send(SseEmitter.event().comment("keep-alive"));
        }
      } catch (IOException | IllegalStateException e) {
        // The page went away; its emitter is finished.
        subscribers.remove(s);
        s.emitter.completeWithError(e);
      }
    }
  }

  private void send(Subscriber s, Message m) throws IOException {
    s.emitter.send(SseEmitter.event().name(m.name()).data(json.writeValueAsString(m.data())));
  }

  private List<Message> events(long after, long upTo, List<long[]> seqs) {
    List<Message> out = new ArrayList<>();
    jdbc.sql(
            "SELECT seq, event_id, event_type, platform, room, session, occurred_at, body FROM"
                + " event WHERE seq > ? AND seq <= ? AND event_type IN ('transcript', 'screen_text', 'listing',"
                + " 'price', 'session_started', 'session_ended') ORDER BY seq LIMIT ?")
        .params(after, upTo, BATCH)
        .query(
            (rs, i) -> {
              String platform = rs.getString(4);
              String room = rs.getString(5);
              String type = rs.getString(3);
              JsonNode body = json.readTree(rs.getString(8));
              Map<String, Object> d = new LinkedHashMap<>();
              d.put("room", platform + "|" + room);
              d.put("platform", platform);
              d.put("roomId", room);
              d.put("event", rs.getString(2));
              d.put("at", rs.getObject(7, OffsetDateTime.class).toInstant().toString());
              String name;
              switch (type) {
                case "transcript", "screen_text" -> {
                  name = "line";
                  d.put("type", type);
                  d.put("text", Wall.text(body, "text"));
                }
                case "listing" -> {
                  name = "listing";
                  d.put("title", Wall.text(body, "title"));
                  d.put("price", Wall.text(body, "price"));
                  d.put("category", Wall.text(body, "category"));
                }
                case "price" -> {
                  name = "price";
                  d.put("price", Wall.text(body, "price"));
                  d.put("source", Wall.text(body, "source"));
                }
                default -> {
                  name = "status";
                  d.put("status", type.equals("session_started") ? "live" : "ended");
                  d.put("session", rs.getString(6));
                }
              }
              seqs.add(new long[] {rs.getLong(1)});
              out.add(new Message(name, platform, path(platform, room), d));
              return null;
            })
        .list();
    // Rows of other types (chat, sales …) advance the marks too. Every seq up to upTo is
    // committed: ingest batches commit in seq order.
    if (seqs.size() < BATCH && (seqs.isEmpty() || seqs.get(seqs.size() - 1)[0] < upTo)) {
      seqs.add(new long[] {upTo});
      out.add(null);
    }
    return out;
  }

  private List<Message> findings(long after, long upTo, List<long[]> ids) {
    List<Message> out = new ArrayList<>();
    jdbc.sql(
            "SELECT f.id, f.lead_id, f.rule, f.severity, f.channel, f.span_begin, f.span_end,"
                + " f.body, f.event_id, f.occurred_at, l.platform, l.room, l.jurisdiction_path"
                + " FROM finding f JOIN lead l ON l.id = f.lead_id WHERE f.id > ? AND f.id <= ?"
                + " ORDER BY f.id LIMIT ?")
        .params(after, upTo, BATCH)
        .query(
            (rs, i) -> {
              JsonNode body = json.readTree(rs.getString(8));
              String platform = rs.getString(11);
              String room = rs.getString(12);
              Map<String, Object> d = new LinkedHashMap<>();
              d.put("room", platform + "|" + room);
              d.put("platform", platform);
              d.put("roomId", room);
              d.put("lead", rs.getLong(2));
              d.put("rule", rs.getString(3));
              d.put("severity", rs.getString(4));
              d.put("channel", rs.getString(5));
              d.put("begin", rs.getInt(6));
              d.put("end", rs.getInt(7));
              d.put("matched", Wall.text(body, "matched"));
              d.put("event", rs.getString(9));
              d.put("at", rs.getObject(10, OffsetDateTime.class).toInstant().toString());
              ids.add(new long[] {rs.getLong(1)});
              String path = rs.getString(13);
              out.add(new Message("finding", platform, path == null ? "" : path, d));
              return null;
            })
        .list();
    return out;
  }

  private String path(String platform, String room) {
    String key = platform + "|" + room;
    String p = roomPaths.get(key);
    if (p == null) {
      p =
          jdbc.sql(
                  "SELECT j.path FROM room r LEFT JOIN jurisdiction j ON j.code ="
                      + " r.jurisdiction_code WHERE r.platform = ? AND r.external_id = ?")
              .params(platform, room)
              .query((rs, i) -> rs.getString(1))
              .optional()
              .orElse(null);
      p = p == null ? "" : p;
      roomPaths.put(key, p);
    }
    return p;
  }

  private volatile boolean running;

  @Override
  public void start() {
    running = true;
  }

  /**
   * Ends every open stream first (this bean stops in the last phase, before the web server's
   * graceful shutdown), so that open wall pages do not hold the shutdown for its whole timeout;
   * browsers reconnect to the next instance.
   */
  @Override
  public void stop() {
    running = false;
    close();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @PreDestroy
  void close() {
    for (Subscriber s : subscribers) {
      try {
        s.emitter.complete();
      } catch (RuntimeException e) {
        // Already finished by its page.
      }
    }
    subscribers.clear();
  }
}

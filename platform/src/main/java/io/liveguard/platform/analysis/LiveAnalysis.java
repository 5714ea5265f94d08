package io.liveguard.platform.analysis;

import io.liveguard.detect.event.Event;
import io.liveguard.detect.event.EventFormatException;
import io.liveguard.detect.event.EventJson;
import io.liveguard.detect.session.SessionAnalyzer;
import io.liveguard.detect.session.SessionFinding;
import io.liveguard.platform.ingest.Ingest;
import io.liveguard.platform.lead.LeadIntake;
import io.liveguard.platform.lead.RaisedFinding;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the detection core on every stored event, in the order the events were stored, with the
 * state of their session. One thread; each round reads the events after the cursor, raises
 * findings, hands them to the {@link LeadIntake} and advances the cursor — all in one transaction,
 * so after a crash every event is analysed exactly once. Session state lost in a restart is rebuilt
 * from the session's stored events before its next event is analysed.
 */
@Component
public class LiveAnalysis implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(LiveAnalysis.class);
  static final int BATCH = 2000;
  static final int MAX_SESSIONS = 50_000;
  static final int PRIME_EVENTS = 200;

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final LeadIntake intake;
  private final io.liveguard.platform.registry.Registry registry;
  private final Supplier<SessionAnalyzer> analyzers;
  private SessionAnalyzer analyzer;
  private final JsonMapper json;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition();
  // Sessions whose earlier events the analyzer has seen since this process started.
  private final Map<String, Boolean> primed =
      new LinkedHashMap<>(1024, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > MAX_SESSIONS;
        }
      };
  private volatile boolean running;
  private boolean signalled;
  private Thread thread;
  private volatile long analysed;

  LiveAnalysis(
      JdbcClient jdbc,
      TransactionTemplate tx,
      LeadIntake intake,
      io.liveguard.platform.registry.Registry registry,
      Supplier<SessionAnalyzer> analyzers,
      JsonMapper json) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.intake = intake;
    this.registry = registry;
    this.analyzers = analyzers;
    this.analyzer = analyzers.get();
    this.json = json;
  }

  @TransactionalEventListener
  void stored(Ingest.Stored e) {
    wake();
  }

  void wake() {
    lock.lock();
    try {
      signalled = true;
      work.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The seq of the last analysed event. */
  public long cursor() {
    return jdbc.sql("SELECT seq FROM analysis_cursor WHERE name = 'live'")
        .query(Long.class)
        .single();
  }

  /** Events analysed since start. */
  public long analysed() {
    return analysed;
  }

  /** Analyses everything stored so far, in the caller's thread (tests, replay). */
  public synchronized int drain() {
    int total = 0;
    int n;
    while ((n = round()) > 0) {
      total += n;
    }
    return total;
  }

  private synchronized int round() {
    Integer n;
    try {
      n = roundInTransaction();
    } catch (RuntimeException e) {
      // The round rolled back, but the analyzer has seen its events (and remembers their ids):
      // start over with a fresh analyzer, primed again from the database.
      analyzer = analyzers.get();
      primed.clear();
      throw e;
    }
    analysed += n;
    return n;
  }

  private Integer roundInTransaction() {
    return tx.execute(
        status -> {
          long cursor =
              jdbc.sql("SELECT seq FROM analysis_cursor WHERE name = 'live' FOR UPDATE")
                  .query(Long.class)
                  .single();
          List<StoredEvent> events =
              jdbc.sql(
                      "SELECT seq, event_id, event_type, platform, room, session, occurred_at,"
                          + " body FROM event WHERE seq > ? ORDER BY seq LIMIT ?")
                  .params(cursor, BATCH)
                  .query((rs, i) -> map(rs))
                  .list();
          if (events.isEmpty()) {
            return 0;
          }
          List<RaisedFinding> raised = new ArrayList<>();
          for (StoredEvent e : events) {
            if (e.type().equals("session_started") || e.type().equals("session_ended")) {
              registry.sessionEvent(
                  e.platform(),
                  e.room(),
                  e.session(),
                  e.type().equals("session_started"),
                  OffsetDateTime.ofInstant(e.at(), java.time.ZoneOffset.UTC));
            }
            prime(e);
            for (SessionFinding f : analyzer.accept(parse(e))) {
              raised.add(raise(e, f));
            }
          }
          intake.accept(raised);
          jdbc.sql("UPDATE analysis_cursor SET seq = ? WHERE name = 'live'")
              .param(events.get(events.size() - 1).seq())
              .update();
          return events.size();
        });
  }

  /**
   * After a restart (or eviction) the analyzer has not seen the session's earlier events: feed
   * them, discarding what it raises (those findings were stored when the events were analysed).
   */
  private void prime(StoredEvent e) {
    if (primed.put(e.sessionKey(), Boolean.TRUE) != null) {
      return;
    }
    List<StoredEvent> earlier =
        jdbc.sql(
                "SELECT seq, event_id, event_type, platform, room, session, occurred_at, body"
                    + " FROM event WHERE platform = ? AND room = ? AND session = ? AND seq < ?"
                    + " ORDER BY seq DESC LIMIT ?")
            .params(e.platform(), e.room(), e.session(), e.seq(), PRIME_EVENTS)
            .query((rs, i) -> map(rs))
            .list();
    for (int i = earlier.size() - 1; i >= 0; i--) {
      analyzer.accept(parse(earlier.get(i)));
    }
  }

  private static List<String> oldestFirst(List<String> newestFirst) {
    List<String> l = new ArrayList<>(newestFirst);
    java.util.Collections.reverse(l);
    return l;
  }

  private static Event parse(StoredEvent e) {
    try {
      return EventJson.parse(e.body().toString());
    } catch (EventFormatException ex) {
      // Stored events passed the same codec at ingest; a failure here is a bug, not bad input.
      throw new IllegalStateException("stored event " + e.id() + " no longer parses: " + ex, ex);
    }
  }

  /** The finding with what its evidence must fix, read from the events it rests on. */
  private RaisedFinding raise(StoredEvent current, SessionFinding f) {
    String first = f.events().isEmpty() ? current.id() : f.events().get(0);
    StoredEvent holder =
        first.equals(current.id())
            ? current
            : jdbc.sql(
                    "SELECT seq, event_id, event_type, platform, room, session, occurred_at, body"
                        + " FROM event WHERE event_id = ?")
                .param(first)
                .query((rs, i) -> map(rs))
                .optional()
                .orElse(current);
    String text = holder.text("text");
    if (text == null) {
      text = holder.text("title");
    }
    if (f.evidence() != null) {
      text = text == null ? f.evidence() : text + "\n\n" + f.evidence();
    }
    String listing =
        jdbc.sql(
                "SELECT body FROM event WHERE platform = ? AND room = ? AND session = ? AND"
                    + " event_type = 'listing' AND seq <= ? ORDER BY seq DESC LIMIT 1")
            .params(current.platform(), current.room(), current.session(), current.seq())
            .query(String.class)
            .optional()
            .orElse(null);
    List<String> prices =
        jdbc.sql(
                "SELECT body FROM event WHERE platform = ? AND room = ? AND event_type = 'price' AND"
                    + " seq <= ? ORDER BY seq DESC LIMIT 50")
            .params(current.platform(), current.room(), current.seq())
            .query(String.class)
            .list();
    return new RaisedFinding(
        holder.seq(),
        holder.id(),
        current.platform(),
        current.room(),
        f.session() == null ? current.session() : f.session(),
        f.at() == null ? current.at() : f.at(),
        f.finding(),
        text,
        listing,
        prices.isEmpty() ? null : "[" + String.join(",", oldestFirst(prices)) + "]",
        holder.text("frame"));
  }

  private StoredEvent map(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new StoredEvent(
        rs.getLong(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getObject(7, OffsetDateTime.class).toInstant(),
        json.readTree(rs.getString(8)));
  }

  private void loop() {
    while (running) {
      try {
        if (round() > 0) {
          continue;
        }
        lock.lock();
        try {
          if (!signalled && running) {
            work.await(200, TimeUnit.MILLISECONDS);
          }
          signalled = false;
        } finally {
          lock.unlock();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        log.error("live analysis round failed; retrying", e);
        try {
          Thread.sleep(1000);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  @Override
  public void start() {
    running = true;
    thread = new Thread(this::loop, "live-analysis");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void stop() {
    running = false;
    wake();
    if (thread != null) {
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}

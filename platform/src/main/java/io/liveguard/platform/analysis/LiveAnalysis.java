package io.liveguard.platform.analysis;

import io.liveguard.detect.session.SessionAnalyzer;
import io.liveguard.detect.session.SessionFinding;
import io.liveguard.platform.ingest.Ingest;
import io.liveguard.platform.ingest.IngestBacklog;
import io.liveguard.platform.lead.LeadIntake;
import io.liveguard.platform.lead.RaisedFinding;
import io.liveguard.platform.registry.Registry;
import io.liveguard.platform.support.PollingWorker;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the detection core on every stored event, per room in the order the events were stored, with
 * the state of their session. The event table is the queue: each round reads the events after the
 * cursor, analyses them, hands the findings to the {@link LeadIntake} and advances the cursor — all
 * in one transaction, so after a crash every event is analysed exactly once.
 *
 * <p>The rooms are split into {@code liveguard.analysis.workers} partitions (by a hash of platform
 * and room); each partition has its own {@link SessionAnalyzer} (not thread-safe) and its own
 * memory of the latest listing per session and the latest prices per room, and the partitions of a
 * round run in parallel. Everything of one room goes to one partition, in seq order, so the models
 * see a room's events in the order they were stored. The findings of a round are then written by
 * the round's thread in seq order, while the next batch is already read and analysed (look-ahead,
 * see {@link #round}). Session state lost in a restart (or evicted) is rebuilt from the session's
 * stored events before its next event is analysed; a failed round resets every partition.
 *
 * <p>Runs in embedded mode only (the default); with {@code liveguard.analysis=cluster} the Flink
 * job analyses the events instead (package {@code cluster}).
 */
@Component
@ConditionalOnProperty(name = "liveguard.analysis", havingValue = "embedded", matchIfMissing = true)
public class LiveAnalysis implements SmartLifecycle {
  static final int BATCH = 2000;
  static final int MAX_SESSIONS = 50_000;
  static final int MAX_ROOMS = 20_000;
  static final int PRIME_EVENTS = 200;
  static final int PRICE_HISTORY = 50;

  private static final String COLUMNS =
      "seq, event_id, event_type, platform, room, session, occurred_at, body";

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final LeadIntake intake;
  private final Registry registry;
  private final Supplier<SessionAnalyzer> analyzers;
  private final IngestBacklog backlog;
  private final Partition[] partitions;
  private final int workers;
  // Created by start(), shut down by stop() (a paused context is stopped and started again); while
  // absent, rounds analyse in the caller's thread without look-ahead.
  private volatile ExecutorService pool;
  private volatile PollingWorker worker;
  // Set when the rules in force change; the next round starts a fresh analyzer over them.
  private volatile boolean rulesChanged;
  private final AtomicLong analysed = new AtomicLong();
  // Where the time of the rounds goes (nanoseconds), for GET /api/v1/stats/pipeline.
  private final AtomicLong rounds = new AtomicLong();
  private final AtomicLong readNanos = new AtomicLong();
  private final AtomicLong analyseNanos = new AtomicLong();
  private final AtomicLong writeNanos = new AtomicLong();
  private final AtomicLong commitNanos = new AtomicLong();
  private final AtomicLong raised = new AtomicLong();
  private final AtomicLong roundNanos = new AtomicLong();
  private final AtomicLong aheadWaitNanos = new AtomicLong();
  private volatile ExecutorService lookAhead;
  private Analysed ahead;

  LiveAnalysis(
      JdbcClient jdbc,
      TransactionTemplate tx,
      LeadIntake intake,
      Registry registry,
      Supplier<SessionAnalyzer> analyzers,
      IngestBacklog backlog,
      @Value("${liveguard.analysis.workers:0}") int workers) {
    if (workers < 0) {
      throw new IllegalArgumentException(
          "liveguard.analysis.workers must be 0 (one per core) or more, was " + workers);
    }
    this.jdbc = jdbc;
    this.tx = tx;
    this.intake = intake;
    this.registry = registry;
    this.analyzers = analyzers;
    this.backlog = backlog;
    int n = workers == 0 ? Math.max(1, Runtime.getRuntime().availableProcessors()) : workers;
    this.partitions = new Partition[n];
    for (int i = 0; i < n; i++) {
      partitions[i] = new Partition();
    }
    this.workers = n;
  }

  @TransactionalEventListener
  void stored(Ingest.Stored e) {
    wake();
  }

  @org.springframework.context.event.EventListener
  void rulesChanged(io.liveguard.platform.rules.RuleBook.RulesChanged e) {
    rulesChanged = true;
    wake();
  }

  void wake() {
    PollingWorker w = worker;
    if (w != null) {
      w.wake();
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
    return analysed.get();
  }

  /** Partitions, rounds, and where the time of the rounds went (milliseconds) since start. */
  public Map<String, Object> timings() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("workers", partitions.length);
    m.put("rounds", rounds.get());
    m.put("events", analysed.get());
    m.put("findings", raised.get());
    m.put("readMs", readNanos.get() / 1_000_000);
    m.put("analyseMs", analyseNanos.get() / 1_000_000);
    m.put("writeMs", writeNanos.get() / 1_000_000);
    m.put("commitMs", commitNanos.get() / 1_000_000);
    m.put("aheadWaitMs", aheadWaitNanos.get() / 1_000_000);
    m.put("roundMs", roundNanos.get() / 1_000_000);
    intake.timings().forEach((k, v) -> m.put(k, v));
    return m;
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

  /**
   * A batch read and analysed, not yet written: the events after cursor {@code after} and their
   * findings in seq order.
   */
  private record Analysed(long after, List<StoredEvent> events, List<RaisedFinding> findings) {
    long last() {
      return events.get(events.size() - 1).seq();
    }
  }

  /*
   * Design: a round writes one analysed batch (findings, leads, drafts, cursor) in one transaction
   * while the next batch is read and analysed on the "ahead" thread, so detection overlaps the
   * database work. Only the transaction makes anything durable, so exactly-once is that of a round
   * without look-ahead: if the write fails, the look-ahead is awaited and dropped and every
   * partition starts over from the stored cursor, as after a restart. The partitions are used by
   * one thread at a time: by the ahead thread while a round writes, and a round does not return
   * before its look-ahead is done. Guarded by this object's monitor: ahead.
   */
  private synchronized int round() {
    if (rulesChanged) {
      // Session state is rebuilt from the stored events (as after a restart), under the new rules.
      rulesChanged = false;
      reset();
    }
    Analysed batch;
    long t0 = System.nanoTime();
    Future<Analysed> next = null;
    try {
      batch = ahead;
      ahead = null;
      if (batch == null || batch.events().isEmpty()) {
        batch = readAndAnalyse(cursor());
      }
      if (batch.events().isEmpty()) {
        return 0;
      }
      long after = batch.last();
      next = submit(lookAhead, () -> readAndAnalyse(after));
      Analysed b = batch;
      long t1 = System.nanoTime();
      long[] written = {0};
      tx.executeWithoutResult(
          status -> {
            write(b);
            written[0] = System.nanoTime();
          });
      long t2 = System.nanoTime();
      writeNanos.addAndGet(written[0] - t1);
      commitNanos.addAndGet(t2 - written[0]);
      ahead = next == null ? null : await(next);
      aheadWaitNanos.addAndGet(System.nanoTime() - t2);
    } catch (RuntimeException e) {
      // The round rolled back, but the analyzers have seen its events (and remember their ids):
      // start over with fresh partitions, primed again from the database.
      if (next != null) {
        try {
          await(next);
        } catch (RuntimeException ignored) {
          // dropped with the rest
        }
      }
      reset();
      throw e;
    }
    rounds.incrementAndGet();
    analysed.addAndGet(batch.events().size());
    backlog.analysed(batch.last());
    roundNanos.addAndGet(System.nanoTime() - t0);
    return batch.events().size();
  }

  private void reset() {
    ahead = null;
    for (int i = 0; i < partitions.length; i++) {
      partitions[i] = new Partition();
    }
  }

  /** The task submitted to {@code executor}, or null when there is none (stopped). */
  private static <T> Future<T> submit(ExecutorService executor, Callable<T> task) {
    if (executor == null) {
      return null;
    }
    try {
      return executor.submit(task);
    } catch (RejectedExecutionException stopping) {
      return null;
    }
  }

  private static Analysed await(Future<Analysed> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while analysing ahead", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Reads the events after {@code after} and analyses them; writes nothing. */
  private Analysed readAndAnalyse(long after) {
    long t0 = System.nanoTime();
    List<StoredEvent> events =
        jdbc.sql("SELECT " + COLUMNS + " FROM event WHERE seq > ? ORDER BY seq LIMIT ?")
            .params(after, BATCH)
            .query((rs, i) -> map(rs))
            .list();
    if (events.isEmpty()) {
      return new Analysed(after, events, List.of());
    }
    long t1 = System.nanoTime();
    readNanos.addAndGet(t1 - t0);
    List<List<StoredEvent>> shares = new ArrayList<>(partitions.length);
    for (int i = 0; i < partitions.length; i++) {
      shares.add(new ArrayList<>());
    }
    for (StoredEvent e : events) {
      shares.get(Math.floorMod(e.roomKey().hashCode(), partitions.length)).add(e);
    }
    List<Raised> found = analyse(shares);
    // Seq order across partitions (stable: a partition's findings of one event keep their order).
    found.sort((a, b) -> Long.compare(a.seq(), b.seq()));
    List<RaisedFinding> findings = new ArrayList<>(found.size());
    for (Raised r : found) {
      findings.add(r.finding());
    }
    analyseNanos.addAndGet(System.nanoTime() - t1);
    return new Analysed(after, events, findings);
  }

  /** Stores what a batch found and advances the cursor past it, in the caller's transaction. */
  private void write(Analysed b) {
    long cursor =
        jdbc.sql("SELECT seq FROM analysis_cursor WHERE name = 'live' FOR UPDATE")
            .query(Long.class)
            .single();
    if (cursor != b.after()) {
      throw new IllegalStateException(
          "the analysis cursor is at " + cursor + ", not " + b.after() + " where the batch starts");
    }
    for (StoredEvent e : b.events()) {
      if (e.type().equals("session_started") || e.type().equals("session_ended")) {
        registry.sessionEvent(
            e.platform(),
            e.room(),
            e.session(),
            e.type().equals("session_started"),
            OffsetDateTime.ofInstant(e.at(), ZoneOffset.UTC));
      }
    }
    intake.accept(b.findings());
    jdbc.sql("UPDATE analysis_cursor SET seq = ? WHERE name = 'live'").param(b.last()).update();
    raised.addAndGet(b.findings().size());
  }

  private List<Raised> analyse(List<List<StoredEvent>> shares) {
    List<Raised> found = new ArrayList<>();
    List<Future<List<Raised>>> running = new ArrayList<>();
    int busy = 0;
    for (List<StoredEvent> share : shares) {
      busy += share.isEmpty() ? 0 : 1;
    }
    for (int i = 0; i < partitions.length; i++) {
      List<StoredEvent> share = shares.get(i);
      if (share.isEmpty()) {
        continue;
      }
      Partition p = partitions[i];
      Future<List<Raised>> f = busy == 1 ? null : submit(pool, () -> p.analyse(share));
      if (f == null) {
        found.addAll(p.analyse(share));
      } else {
        running.add(f);
      }
    }
    for (Future<List<Raised>> f : running) {
      try {
        found.addAll(f.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while analysing", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException re) {
          throw re;
        }
        throw new IllegalStateException(e.getCause());
      }
    }
    return found;
  }

  /** A finding raised on the event with seq {@code seq}. */
  private record Raised(long seq, RaisedFinding finding) {}

  /** What a partition remembers of a session it has seen since this process started. */
  private static final class SessionMemory {
    String listing;
  }

  /**
   * The latest {@value #PRICE_HISTORY} price events of a room, oldest first, and their JSON array
   * (the evidence's price history), joined once per change rather than once per finding.
   */
  private static final class RoomPrices {
    final Deque<String> bodies = new ArrayDeque<>(PRICE_HISTORY + 1);
    private String history;

    void add(String body) {
      bodies.addLast(body);
      if (bodies.size() > PRICE_HISTORY) {
        bodies.removeFirst();
      }
      history = null;
    }

    /** The JSON array of the bodies, or null when there are none. */
    String history() {
      if (history == null && !bodies.isEmpty()) {
        history = "[" + String.join(",", bodies) + "]";
      }
      return history;
    }
  }

  /**
   * One share of the rooms: an analyzer and the memory that spares a database query per finding.
   * Used by one thread at a time.
   */
  private final class Partition {
    private final SessionAnalyzer analyzer = analyzers.get();
    private final Map<String, SessionMemory> sessions = lru(MAX_SESSIONS);
    // The latest PRICE_HISTORY price events of each room, oldest first.
    private final Map<String, RoomPrices> prices = lru(MAX_ROOMS);

    List<Raised> analyse(List<StoredEvent> events) {
      List<Raised> out = new ArrayList<>();
      for (StoredEvent e : events) {
        SessionMemory s = sessions.get(e.sessionKey());
        if (s == null) {
          s = firstSight(e);
          sessions.put(e.sessionKey(), s);
        }
        RoomPrices roomPrices = prices.get(e.roomKey());
        if (roomPrices == null) {
          roomPrices = pricesBefore(e);
          prices.put(e.roomKey(), roomPrices);
        }
        if (e.type().equals("listing")) {
          s.listing = e.body();
        } else if (e.type().equals("price")) {
          roomPrices.add(e.body());
        }
        for (SessionFinding f : analyzer.accept(e.event())) {
          out.add(new Raised(e.seq(), raise(e, f, s, roomPrices)));
        }
      }
      return out;
    }

    /**
     * After a restart (or eviction) the analyzer has not seen the session's earlier events: feed
     * them, discarding what it raises (those findings were stored when the events were analysed),
     * and look up the session's latest listing.
     */
    private SessionMemory firstSight(StoredEvent e) {
      List<StoredEvent> earlier =
          jdbc.sql(
                  "SELECT "
                      + COLUMNS
                      + " FROM event WHERE platform = ? AND room = ? AND session = ? AND seq < ?"
                      + " ORDER BY seq DESC LIMIT ?")
              .params(e.platform(), e.room(), e.session(), e.seq(), PRIME_EVENTS)
              .query((rs, i) -> map(rs))
              .list();
      SessionMemory s = new SessionMemory();
      if (earlier.isEmpty()) {
        return s;
      }
      for (int i = earlier.size() - 1; i >= 0; i--) {
        analyzer.accept(earlier.get(i).event());
      }
      s.listing =
          jdbc.sql(
                  "SELECT body FROM event WHERE platform = ? AND room = ? AND session = ? AND"
                      + " event_type = 'listing' AND seq < ? ORDER BY seq DESC LIMIT 1")
              .params(e.platform(), e.room(), e.session(), e.seq())
              .query(String.class)
              .optional()
              .orElse(null);
      return s;
    }

    private RoomPrices pricesBefore(StoredEvent e) {
      List<String> newestFirst =
          jdbc.sql(
                  "SELECT body FROM event WHERE platform = ? AND room = ? AND event_type = 'price'"
                      + " AND seq < ? ORDER BY seq DESC LIMIT ?")
              .params(e.platform(), e.room(), e.seq(), PRICE_HISTORY)
              .query(String.class)
              .list();
      RoomPrices d = new RoomPrices();
      for (int i = newestFirst.size() - 1; i >= 0; i--) {
        d.add(newestFirst.get(i));
      }
      return d;
    }

    /** The finding with what its evidence must fix. */
    private RaisedFinding raise(
        StoredEvent current, SessionFinding f, SessionMemory s, RoomPrices roomPrices) {
      String first = f.events().isEmpty() ? current.id() : f.events().get(0);
      StoredEvent holder =
          first.equals(current.id())
              ? current
              : jdbc.sql("SELECT " + COLUMNS + " FROM event WHERE event_id = ?")
                  .param(first)
                  .query((rs, i) -> map(rs))
                  .optional()
                  .orElse(current);
      String text = holder.text();
      if (text == null) {
        text = holder.title();
      }
      if (f.evidence() != null) {
        text = text == null ? f.evidence() : text + "\n\n" + f.evidence();
      }
      return new RaisedFinding(
          holder.seq(),
          holder.id(),
          current.platform(),
          current.room(),
          f.session() == null ? current.session() : f.session(),
          f.at() == null ? current.at() : f.at(),
          f.finding(),
          text,
          s.listing,
          roomPrices.history(),
          holder.frame(),
          holder.body());
    }
  }

  private static <V> Map<String, V> lru(int max) {
    return new LinkedHashMap<>(1024, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > max;
      }
    };
  }

  private static StoredEvent map(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new StoredEvent(
        rs.getLong(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getObject(7, OffsetDateTime.class).toInstant(),
        rs.getString(8));
  }

  private static ExecutorService threads(int n, String name) {
    AtomicInteger no = new AtomicInteger();
    return Executors.newFixedThreadPool(
        n,
        r -> {
          Thread t = new Thread(r, n == 1 ? name : name + "-" + no.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  private long lastStoredSeq() {
    return jdbc.sql("SELECT COALESCE(MAX(seq), 0) FROM event").query(Long.class).single();
  }

  @Override
  public void start() {
    lookAhead = threads(1, "live-analysis-ahead");
    pool = workers == 1 ? null : threads(workers, "live-analysis");
    worker =
        new PollingWorker(
            "live-analysis",
            Duration.ofMillis(200),
            Duration.ofSeconds(1),
            "live analysis round failed",
            backlog.reportingFirst(this::lastStoredSeq, this::cursor, this::round));
    worker.start();
  }

  @Override
  public void stop() {
    PollingWorker w = worker;
    if (w != null) {
      w.stop(Duration.ofSeconds(5));
    }
    ExecutorService a = lookAhead;
    ExecutorService p = pool;
    lookAhead = null;
    pool = null;
    // Tasks already queued still run: a round waiting for them in another thread completes.
    if (a != null) {
      a.shutdown();
    }
    if (p != null) {
      p.shutdown();
    }
  }

  @Override
  public boolean isRunning() {
    PollingWorker w = worker;
    return w != null && w.running();
  }
}

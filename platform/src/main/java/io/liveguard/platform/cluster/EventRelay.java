package io.liveguard.platform.cluster;

import io.liveguard.platform.ingest.Ingest;
import io.liveguard.platform.ingest.IngestBacklog;
import io.liveguard.platform.registry.Registry;
import io.liveguard.platform.support.PollingWorker;
import io.liveguard.stream.client.EventPublisher;
import io.liveguard.stream.topic.EventRecord;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * In cluster mode, publishes every stored event to the events topic, in the order it was stored,
 * for the Flink job to analyse.
 *
 * <p>Design: the event table is the outbox. The ingest API answers once an event is committed there
 * (as in embedded mode); this relay reads the events after its cursor ({@code analysis_cursor} row
 * {@value #CURSOR}), publishes them keyed by room as they were received, waits until the brokers
 * acknowledge all of them ({@code acks=all}, idempotent producer), and only then advances the
 * cursor, in the transaction that also records session starts and ends in the registry. A crash or
 * a broker outage in between publishes the batch again: the job drops a copy of an event it saw
 * recently by its id, and findings carry deterministic ids, so nothing acknowledged is lost and a
 * copy never makes a second lead.
 *
 * <p>Backpressure: the relay reports its cursor to the {@link IngestBacklog} after every batch, as
 * the embedded analysis does after every round, so the ingest API refuses new batches (503) while
 * more than {@code liveguard.ingest.max-backlog} events, or events older than {@code
 * liveguard.ingest.max-lag}, wait to be handed to Kafka — a broker outage or a slow cluster then
 * slows the sources down instead of filling the event table without bound. What the Flink job has
 * not analysed yet is Kafka's backlog (consumer lag), not the platform's.
 */
public class EventRelay implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(EventRelay.class);

  /** The cursor row of this relay in {@code analysis_cursor}. */
  public static final String CURSOR = "cluster";

  static final int BATCH = 500;

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Registry registry;
  private final EventPublisher publisher;
  private final IngestBacklog backlog;
  private final Duration ackTimeout;
  private volatile PollingWorker worker;
  private volatile long published;

  EventRelay(
      JdbcClient jdbc,
      TransactionTemplate tx,
      Registry registry,
      EventPublisher publisher,
      IngestBacklog backlog,
      Duration ackTimeout) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.registry = registry;
    this.publisher = publisher;
    this.backlog = backlog;
    this.ackTimeout = ackTimeout;
  }

  @TransactionalEventListener
  void stored(Ingest.Stored e) {
    PollingWorker w = worker;
    if (w != null) {
      w.wake();
    }
  }

  /** The seq of the last event published and acknowledged. */
  public long cursor() {
    return jdbc.sql("SELECT seq FROM analysis_cursor WHERE name = ?")
        .param(CURSOR)
        .query(Long.class)
        .single();
  }

  /** Events published since start. */
  public long published() {
    return published;
  }

  /**
   * Creates the cursor row on the first start in cluster mode, where the embedded analysis stopped:
   * events it analysed are not published again.
   */
  void ensureCursor() {
    jdbc.sql(
            "INSERT INTO analysis_cursor (name, seq) SELECT ?, seq FROM analysis_cursor WHERE name"
                + " = 'live' AND NOT EXISTS (SELECT 1 FROM analysis_cursor WHERE name = ?)")
        .params(CURSOR, CURSOR)
        .update();
  }

  /** Publishes everything stored so far, in the caller's thread (tests). */
  public synchronized int drain() throws Exception {
    int total = 0;
    int n;
    while ((n = round()) > 0) {
      total += n;
    }
    return total;
  }

  synchronized int round() throws InterruptedException, ExecutionException, TimeoutException {
    long cursor = cursor();
    List<Stored> events =
        jdbc.sql(
                "SELECT seq, event_id, event_type, platform, room, session, occurred_at, body FROM"
                    + " event WHERE seq > ? ORDER BY seq LIMIT ?")
            .params(cursor, BATCH)
            .query(
                (rs, i) ->
                    new Stored(
                        rs.getLong(1),
                        new EventRecord(
                            EventRecord.roomKey(rs.getString(4), rs.getString(5)),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(6),
                            rs.getObject(7, OffsetDateTime.class).toInstant().toEpochMilli(),
                            rs.getString(8)),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getObject(7, OffsetDateTime.class)))
            .list();
    if (events.isEmpty()) {
      return 0;
    }
    List<CompletableFuture<?>> acks = new ArrayList<>(events.size());
    for (Stored e : events) {
      acks.add(publisher.publish(e.record()));
    }
    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
        .get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
    long last = events.get(events.size() - 1).seq();
    tx.executeWithoutResult(
        status -> {
          for (Stored e : events) {
            String type = e.record().type();
            if (type.equals("session_started") || type.equals("session_ended")) {
              registry.sessionEvent(
                  e.platform(),
                  e.room(),
                  e.record().session(),
                  type.equals("session_started"),
                  e.at().withOffsetSameInstant(ZoneOffset.UTC));
            }
          }
          int n =
              jdbc.sql("UPDATE analysis_cursor SET seq = ? WHERE name = ? AND seq = ?")
                  .params(last, CURSOR, cursor)
                  .update();
          if (n != 1) {
            throw new IllegalStateException(
                "the cluster cursor moved under the relay (another platform instance relaying?)");
          }
        });
    published += events.size();
    // What the ingest API's backpressure waits for in cluster mode: events handed to Kafka.
    backlog.analysed(last);
    return events.size();
  }

  private record Stored(
      long seq, EventRecord record, String platform, String room, OffsetDateTime at) {}

  private long lastStoredSeq() {
    return jdbc.sql("SELECT COALESCE(MAX(seq), 0) FROM event").query(Long.class).single();
  }

  @Override
  public synchronized void start() {
    ensureCursor();
    worker =
        new PollingWorker(
            "cluster-event-relay",
            Duration.ofMillis(200),
            Duration.ofSeconds(1),
            "publishing events to Kafka failed; retrying the batch",
            backlog.reportingFirst(this::lastStoredSeq, this::cursor, this::round));
    worker.start();
  }

  @Override
  public synchronized void stop() {
    if (worker != null) {
      worker.stop(Duration.ofSeconds(5));
    }
  }

  @Override
  public boolean isRunning() {
    PollingWorker w = worker;
    return w != null && w.running();
  }
}

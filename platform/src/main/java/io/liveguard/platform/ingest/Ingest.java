package io.liveguard.platform.ingest;

import io.liveguard.platform.persistence.H2Durability;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores events exactly once. A batch is one transaction: when {@link #store} returns, every event
 * in it is committed and on disk (acknowledged means durable); an id seen before is acknowledged as
 * a duplicate and changes nothing. A batch that fails is logged with its first event id and
 * rethrown, nothing of it stored.
 */
@Service
public class Ingest {
  private static final Logger log = LoggerFactory.getLogger(Ingest.class);

  /** The largest batch one request may carry (documented in docs/events.md). */
  public static final int MAX_BATCH = 1000;

  private static final String INSERT =
      "INSERT INTO event (event_id, event_type, platform, room, session, occurred_at, received_at,"
          + " token_id, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private final JdbcTemplate jdbc;
  private final InstantSource clock;
  private final ApplicationEventPublisher events;
  private final TransactionTemplate tx;
  private final IngestBacklog backlog;
  // Batches commit one at a time, so that event seq order is commit order and the analysis
  // cursor never passes an event that commits later.
  private final ReentrantLock commitOrder = new ReentrantLock(true);
  // A batch is acknowledged only once it is on disk (H2 writes commits in the background).
  private final H2Durability durability;

  Ingest(
      JdbcTemplate jdbc,
      InstantSource clock,
      ApplicationEventPublisher events,
      TransactionTemplate tx,
      IngestBacklog backlog,
      H2Durability durability) {
    this.durability = durability;
    this.jdbc = jdbc;
    this.backlog = backlog;
    this.clock = clock;
    this.events = events;
    this.tx = tx;
  }

  /** The outcome of one event. */
  public record Result(String id, String status) {
    public static final String STORED = "stored";
    public static final String DUPLICATE = "duplicate";
  }

  /** Published after a batch with new events commits; the live analysis wakes up on it. */
  public record Stored(int count) {}

  public List<Result> store(List<IncomingEvent> batch, Long tokenId) {
    commitOrder.lock();
    try {
      long[] lastSeq = {-1};
      List<Result> results = tx.execute(status -> insert(batch, tokenId, lastSeq));
      if (lastSeq[0] >= 0) {
        backlog.committed(lastSeq[0]);
        durability.sync();
      }
      return results;
    } catch (DataAccessException e) {
      // Re-sent batches fail the same way while the cause persists: name the batch so that it can
      // be found (the client only gets a generic problem).
      log.error(
          "batch of {} events starting with {} failed, not acknowledged: {}",
          batch.size(),
          batch.isEmpty() ? "-" : batch.get(0).id(),
          e.getMostSpecificCause().toString(),
          e);
      throw e;
    } finally {
      commitOrder.unlock();
    }
  }

  private List<Result> insert(List<IncomingEvent> batch, Long tokenId, long[] lastSeq) {
    if (batch.size() > MAX_BATCH) {
      throw new IllegalArgumentException("batch of " + batch.size() + " exceeds " + MAX_BATCH);
    }
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    // Under the commit lock no other batch can insert concurrently: find the ids already stored,
    // then insert the rest (each id once, the first occurrence in the batch).
    java.util.Set<String> known = new java.util.HashSet<>();
    for (int from = 0; from < batch.size(); from += 500) {
      List<IncomingEvent> part = batch.subList(from, Math.min(batch.size(), from + 500));
      String in = String.join(",", java.util.Collections.nCopies(part.size(), "?"));
      known.addAll(
          jdbc.queryForList(
              "SELECT event_id FROM event WHERE event_id IN (" + in + ")",
              String.class,
              part.stream().map(IncomingEvent::id).toArray()));
    }
    List<IncomingEvent> fresh = new ArrayList<>();
    List<Result> results = new ArrayList<>(batch.size());
    for (IncomingEvent e : batch) {
      if (known.add(e.id())) {
        fresh.add(e);
        results.add(new Result(e.id(), Result.STORED));
      } else {
        results.add(new Result(e.id(), Result.DUPLICATE));
      }
    }
    if (fresh.isEmpty()) {
      return results;
    }
    jdbc.batchUpdate(
        INSERT,
        fresh,
        500,
        (ps, e) -> {
          ps.setString(1, e.id());
          ps.setString(2, e.type());
          ps.setString(3, e.platform());
          ps.setString(4, e.room());
          ps.setString(5, e.session());
          ps.setObject(6, OffsetDateTime.ofInstant(e.at(), ZoneOffset.UTC));
          ps.setObject(7, now);
          if (tokenId == null) {
            ps.setNull(8, java.sql.Types.BIGINT);
          } else {
            ps.setLong(8, tokenId);
          }
          ps.setString(9, e.json());
        });
    // Under the commit lock the highest seq is this batch's last event.
    lastSeq[0] = jdbc.queryForObject("SELECT MAX(seq) FROM event", Long.class);
    int stored = fresh.size();
    if (stored > 0) {
      // Delivered after commit (a transactional event listener wakes the analysis).
      events.publishEvent(new Stored(stored));
    }
    return results;
  }
}

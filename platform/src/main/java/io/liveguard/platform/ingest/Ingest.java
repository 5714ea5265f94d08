package io.liveguard.platform.ingest;

import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores events exactly once. A batch is one transaction: when {@link #store} returns, every event
 * in it is committed (acknowledged means durable); an id seen before is acknowledged as a duplicate
 * and changes nothing.
 */
@Service
public class Ingest {
  /** The largest batch one request may carry (documented in docs/events.md). */
  public static final int MAX_BATCH = 1000;

  private static final String INSERT =
      "INSERT INTO event (event_id, event_type, platform, room, session, occurred_at, received_at,"
          + " token_id, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

  private final JdbcTemplate jdbc;
  private final InstantSource clock;
  private final ApplicationEventPublisher events;
  private final TransactionTemplate tx;
  // Batches commit one at a time, so that event seq order is commit order and the analysis
  // cursor never passes an event that commits later.
  private final ReentrantLock commitOrder = new ReentrantLock(true);

  Ingest(
      JdbcTemplate jdbc,
      InstantSource clock,
      ApplicationEventPublisher events,
      TransactionTemplate tx) {
    this.jdbc = jdbc;
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
      return tx.execute(status -> insert(batch, tokenId));
    } finally {
      commitOrder.unlock();
    }
  }

  private List<Result> insert(List<IncomingEvent> batch, Long tokenId) {
    if (batch.size() > MAX_BATCH) {
      throw new IllegalArgumentException("batch of " + batch.size() + " exceeds " + MAX_BATCH);
    }
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    int[][] counts =
        jdbc.batchUpdate(
            INSERT,
            batch,
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
    List<Result> results = new ArrayList<>(batch.size());
    int i = 0;
    int stored = 0;
    for (int[] chunk : counts) {
      for (int c : chunk) {
        boolean isNew = c != 0;
        results.add(new Result(batch.get(i++).id(), isNew ? Result.STORED : Result.DUPLICATE));
        if (isNew) {
          stored++;
        }
      }
    }
    if (stored > 0) {
      // Delivered after commit (a transactional event listener wakes the analysis).
      events.publishEvent(new Stored(stored));
    }
    return results;
  }
}

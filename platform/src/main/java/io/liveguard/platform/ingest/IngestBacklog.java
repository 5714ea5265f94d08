package io.liveguard.platform.ingest;

import io.liveguard.platform.support.PollingWorker;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The events stored but not yet analysed: how many, and how long the oldest of them has waited. The
 * ingest API refuses new batches (503 with Retry-After) while either exceeds its bound, so the
 * event table — the durable queue between ingest and analysis — cannot grow without limit and the
 * arrival-to-lead latency of what is accepted stays bounded. Thread-safe.
 *
 * <p>Fed by {@link Ingest} (each committed batch: its last seq and commit instant) and by the live
 * analysis (its cursor after each round). Until the analysis reports its cursor after a start, the
 * backlog is unknown and nothing is refused.
 */
@Component
public class IngestBacklog {
  private final InstantSource clock;
  private final long maxEvents;
  private final Duration maxLag;
  // Committed batches not yet analysed: {last seq, commit epoch millis}, oldest first.
  private final Deque<long[]> batches = new ArrayDeque<>();
  private long lastSeq = -1;
  private long cursor = -1;

  IngestBacklog(
      InstantSource clock,
      @Value("${liveguard.ingest.max-backlog:200000}") long maxEvents,
      @Value("${liveguard.ingest.max-lag:5s}") Duration maxLag) {
    if (maxEvents < 1) {
      throw new IllegalArgumentException(
          "liveguard.ingest.max-backlog must be at least 1, was " + maxEvents);
    }
    if (maxLag.isNegative() || maxLag.isZero()) {
      throw new IllegalArgumentException(
          "liveguard.ingest.max-lag must be positive, was " + maxLag);
    }
    this.clock = clock;
    this.maxEvents = maxEvents;
    this.maxLag = maxLag;
  }

  /**
   * Sets the state read from the database at start: events up to {@code lastSeq} are stored, up to
   * {@code cursor} analysed; what lies between counts as arrived now.
   */
  public synchronized void start(long lastSeq, long cursor) {
    this.lastSeq = lastSeq;
    this.cursor = cursor;
    batches.clear();
    if (lastSeq > cursor) {
      batches.add(new long[] {lastSeq, clock.millis()});
    }
  }

  /**
   * The rounds of the consumer that analyses (or relays) stored events: before its first round it
   * reports where it stands — {@code lastSeq} stored, {@code cursor} consumed — so that from then
   * on the backlog is known; every round after that runs {@code round} alone.
   */
  public PollingWorker.Round reportingFirst(
      LongSupplier lastSeq, LongSupplier cursor, PollingWorker.Round round) {
    boolean[] reported = {false};
    return () -> {
      if (!reported[0]) {
        start(lastSeq.getAsLong(), cursor.getAsLong());
        reported[0] = true;
      }
      return round.run();
    };
  }

  /**
   * A batch whose events end at {@code lastSeq} has committed. The analysis may see a commit before
   * the ingesting thread reports it, so a batch the cursor has already passed is not queued:
   * nothing would retire it until the next round, and its age would read as lag.
   */
  synchronized void committed(long lastSeq) {
    if (lastSeq <= this.lastSeq) {
      return;
    }
    this.lastSeq = lastSeq;
    if (lastSeq > cursor) {
      batches.add(new long[] {lastSeq, clock.millis()});
    }
  }

  /** The analysis has analysed every event up to {@code cursor}. */
  public synchronized void analysed(long cursor) {
    if (cursor > this.cursor) {
      this.cursor = cursor;
    }
    while (!batches.isEmpty() && batches.peekFirst()[0] <= this.cursor) {
      batches.removeFirst();
    }
  }

  /** Events stored and not yet analysed (0 before the analysis reported its first cursor). */
  public synchronized long events() {
    return cursor < 0 || lastSeq < 0 ? 0 : Math.max(0, lastSeq - cursor);
  }

  /** How long the oldest unanalysed batch has waited since its commit. */
  public synchronized Duration lag() {
    return batches.isEmpty()
        ? Duration.ZERO
        : Duration.ofMillis(Math.max(0, clock.millis() - batches.peekFirst()[1]));
  }

  /**
   * Whether a new batch should be refused now; when so, the seconds a client should wait (its
   * Retry-After), else 0.
   */
  synchronized long refuseFor() {
    if (cursor < 0) {
      return 0;
    }
    Duration lag = lag();
    if (events() < maxEvents && lag.compareTo(maxLag) <= 0) {
      return 0;
    }
    // Long enough for the analysis to make headway, short enough to keep clients busy.
    return Math.max(1, Math.min(30, lag.minus(maxLag).toSeconds() + 1));
  }

  /** Whether the analysis has reported its cursor since start (before that nothing is refused). */
  synchronized boolean known() {
    return cursor >= 0 && lastSeq >= 0;
  }

  long maxEvents() {
    return maxEvents;
  }

  Duration maxLag() {
    return maxLag;
  }
}

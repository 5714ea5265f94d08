package io.liveguard.platform.evidence;

import java.time.Duration;
import java.time.InstantSource;
import java.util.function.LongSupplier;

/**
 * Whether the sealer leaves the drafts pending for now so that the live analysis has the CPU: yes
 * while at least {@code bound} events wait to be analysed, for at most {@code maxDelay} per such
 * episode (then it seals whatever the backlog, until the backlog falls below the bound). A bound of
 * 0 never defers. Not thread-safe: the sealer's dispatcher thread asks.
 */
final class SealDeferral {
  private final LongSupplier backlog;
  private final InstantSource clock;
  private final long bound;
  private final long maxDelayMillis;
  // When the current episode (backlog at or above the bound) began, or -1 outside one.
  private long since = -1;

  SealDeferral(LongSupplier backlog, InstantSource clock, long bound, Duration maxDelay) {
    if (bound < 0) {
      throw new IllegalArgumentException(
          "liveguard.evidence.defer-while-backlog must be 0 (never defer) or more, got " + bound);
    }
    if (maxDelay == null || maxDelay.isNegative()) {
      throw new IllegalArgumentException(
          "liveguard.evidence.max-seal-delay must not be negative, got " + maxDelay);
    }
    this.backlog = backlog;
    this.clock = clock;
    this.bound = bound;
    this.maxDelayMillis = maxDelay.toMillis();
  }

  /** Whether to leave the drafts pending now. */
  boolean defer() {
    if (bound == 0 || backlog.getAsLong() < bound) {
      since = -1;
      return false;
    }
    long now = clock.millis();
    if (since < 0) {
      since = now;
    }
    return now - since < maxDelayMillis;
  }
}

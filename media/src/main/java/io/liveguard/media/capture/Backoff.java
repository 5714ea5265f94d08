package io.liveguard.media.capture;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential reconnect delays with full jitter: attempt {@code n} (from 0) waits a random time in
 * {@code [initial * 2^n / 2, initial * 2^n]}, capped at {@code max}.
 */
public record Backoff(Duration initial, Duration max, int maxAttempts) {

  /** 0.5 s doubling to 10 s, unlimited attempts while the session lasts. */
  public static final Backoff DEFAULT =
      new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10), Integer.MAX_VALUE);

  public Backoff {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0 || maxAttempts < 0) {
      throw new IllegalArgumentException(
          "bad backoff " + initial + ".." + max + " x" + maxAttempts);
    }
  }

  /** The delay before reconnect attempt {@code attempt} (0-based). */
  public Duration delay(int attempt, RandomGenerator random) {
    long cap = max.toMillis();
    long base = initial.toMillis() << Math.min(attempt, 20);
    long d = Math.min(cap, base);
    return Duration.ofMillis(d / 2 + random.nextLong(d / 2 + 1));
  }
}

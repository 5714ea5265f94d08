package io.liveguard.platform.precheck;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Per-user rate limit of script pre-checks (page and API together): at most {@code
 * liveguard.precheck.rate-per-minute} checks (default 30) in any 60 seconds — a sliding log of each
 * user's latest check times. In memory, per process; thread-safe.
 */
@Component
class PrecheckLimiter {
  private static final int MAX_USERS = 100_000;
  private static final long WINDOW_MILLIS = 60_000;
  private final InstantSource clock;
  private final int perMinute;
  private final Map<Long, ArrayDeque<Long>> logs =
      new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, ArrayDeque<Long>> eldest) {
          return size() > MAX_USERS;
        }
      };

  PrecheckLimiter(
      InstantSource clock, @Value("${liveguard.precheck.rate-per-minute:30}") int perMinute) {
    if (perMinute < 1) {
      throw new IllegalArgumentException(
          "liveguard.precheck.rate-per-minute must be at least 1, was " + perMinute);
    }
    this.clock = clock;
    this.perMinute = perMinute;
  }

  int perMinute() {
    return perMinute;
  }

  /**
   * Takes one check for the user.
   *
   * @return {@link Duration#ZERO} if allowed, otherwise how long until the next check is allowed
   */
  synchronized Duration take(long user) {
    long now = clock.millis();
    ArrayDeque<Long> log = logs.computeIfAbsent(user, k -> new ArrayDeque<>());
    while (!log.isEmpty() && log.peekFirst() <= now - WINDOW_MILLIS) {
      log.pollFirst();
    }
    if (log.size() >= perMinute) {
      return Duration.ofMillis(Math.max(1, log.peekFirst() + WINDOW_MILLIS - now));
    }
    log.addLast(now);
    return Duration.ZERO;
  }
}

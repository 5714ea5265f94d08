package io.liveguard.platform.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PollingWorkerTest {
  static final Duration LONG = Duration.ofMinutes(10);

  @Test
  void runsRoundsBackToBackWhileTheyFindWorkThenSleepsUntilWoken() throws Exception {
    AtomicInteger queue = new AtomicInteger(5);
    AtomicInteger rounds = new AtomicInteger();
    CountDownLatch drained = new CountDownLatch(1);
    CountDownLatch again = new CountDownLatch(1);
    PollingWorker w =
        new PollingWorker(
            "test-worker",
            LONG,
            LONG,
            "failed",
            () -> {
              rounds.incrementAndGet();
              int took = queue.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 1 : 0;
              if (took == 0) {
                if (drained.getCount() == 0) {
                  again.countDown();
                }
                drained.countDown();
              }
              return took;
            });
    w.start();
    try {
      assertThat(drained.await(10, TimeUnit.SECONDS)).isTrue();
      // five rounds with work, one empty: the idle sleep is ten minutes, so nothing else runs
      Thread.sleep(200);
      assertThat(rounds.get()).isEqualTo(6);
      w.wake();
      assertThat(again.await(10, TimeUnit.SECONDS)).as("a wake-up runs a round").isTrue();
      assertThat(rounds.get()).isEqualTo(7);
    } finally {
      w.stop(Duration.ofSeconds(5));
    }
    assertThat(w.running()).isFalse();
  }

  @Test
  void aFailedRoundIsRetriedAfterThePause() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch recovered = new CountDownLatch(1);
    PollingWorker w =
        new PollingWorker(
            "failing-worker",
            LONG,
            Duration.ofMillis(50),
            "the round failed on purpose",
            () -> {
              if (calls.incrementAndGet() <= 2) {
                throw new IllegalStateException("boom " + calls.get());
              }
              recovered.countDown();
              return 0;
            });
    w.start();
    try {
      assertThat(recovered.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(calls.get()).isEqualTo(3);
    } finally {
      w.stop(Duration.ofSeconds(5));
    }
  }

  @Test
  void stopEndsTheThreadAndAWorkerStartsOnce() {
    PollingWorker w = new PollingWorker("once", LONG, LONG, "x", () -> 0);
    w.start();
    assertThatThrownBy(w::start).hasMessageContaining("already started");
    w.stop(Duration.ofSeconds(5));
    assertThat(w.running()).isFalse();
  }

  @Test
  void refusesNonsenseDurations() {
    assertThatThrownBy(() -> new PollingWorker("x", Duration.ZERO, LONG, "x", () -> 0))
        .hasMessageContaining("idle");
    assertThatThrownBy(() -> new PollingWorker("x", LONG, Duration.ofMillis(-1), "x", () -> 0))
        .hasMessageContaining("retry");
  }
}

package io.liveguard.platform.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SealDeferralTest {
  private final AtomicLong backlog = new AtomicLong();
  private final AtomicLong millis = new AtomicLong(1_000_000);
  private final InstantSource clock = () -> Instant.ofEpochMilli(millis.get());

  @Test
  void sealsAtOnceWhileTheBacklogIsBelowTheBound() {
    SealDeferral d = new SealDeferral(backlog::get, clock, 2000, Duration.ofSeconds(10));
    backlog.set(1999);
    assertThat(d.defer()).isFalse();
  }

  @Test
  void defersWhileTheBacklogLastsButNoLongerThanTheDelay() {
    SealDeferral d = new SealDeferral(backlog::get, clock, 2000, Duration.ofSeconds(10));
    backlog.set(5000);
    assertThat(d.defer()).isTrue();
    millis.addAndGet(9_999);
    assertThat(d.defer()).isTrue();
    millis.addAndGet(1);
    assertThat(d.defer()).isFalse();
    // Still the same episode: sealing goes on whatever the backlog.
    millis.addAndGet(60_000);
    assertThat(d.defer()).isFalse();
  }

  @Test
  void aNewBacklogAfterTheAnalysisCaughtUpDefersAgain() {
    SealDeferral d = new SealDeferral(backlog::get, clock, 2000, Duration.ofSeconds(10));
    backlog.set(5000);
    assertThat(d.defer()).isTrue();
    millis.addAndGet(20_000);
    assertThat(d.defer()).isFalse();
    backlog.set(0);
    assertThat(d.defer()).isFalse();
    backlog.set(3000);
    assertThat(d.defer()).isTrue();
  }

  @Test
  void aBoundOfZeroNeverDefers() {
    SealDeferral d = new SealDeferral(backlog::get, clock, 0, Duration.ofSeconds(10));
    backlog.set(1_000_000);
    assertThat(d.defer()).isFalse();
  }

  @Test
  void refusesANegativeBoundOrDelay() {
    assertThatThrownBy(() -> new SealDeferral(backlog::get, clock, -1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("defer-while-backlog")
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> new SealDeferral(backlog::get, clock, 1, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max-seal-delay");
  }
}

package io.liveguard.platform.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IngestBacklogTest {
  final AtomicLong now = new AtomicLong(Instant.parse("2026-11-20T12:00:00Z").toEpochMilli());
  final InstantSource clock = () -> Instant.ofEpochMilli(now.get());

  @Test
  void refusesNothingBeforeTheAnalysisReportedItsCursor() {
    IngestBacklog b = new IngestBacklog(clock, 10, Duration.ofSeconds(5));
    b.committed(1_000);
    now.addAndGet(60_000);
    assertThat(b.known()).isFalse();
    assertThat(b.refuseFor()).isZero();
  }

  @Test
  void refusesWhileMoreEventsWaitThanTheBoundAndTakesAgainOnceAnalysed() {
    IngestBacklog b = new IngestBacklog(clock, 100, Duration.ofSeconds(5));
    b.start(0, 0);
    b.committed(100);
    assertThat(b.events()).isEqualTo(100);
    assertThat(b.refuseFor()).isEqualTo(1);
    b.analysed(1);
    assertThat(b.events()).isEqualTo(99);
    assertThat(b.refuseFor()).isZero();
  }

  @Test
  void refusesWhileTheOldestUnanalysedBatchWaitedLongerThanTheLagBound() {
    IngestBacklog b = new IngestBacklog(clock, 1_000_000, Duration.ofSeconds(5));
    b.start(0, 0);
    b.committed(10);
    now.addAndGet(4_000);
    b.committed(20);
    assertThat(b.refuseFor()).isZero();
    now.addAndGet(3_500);
    assertThat(b.lag()).isEqualTo(Duration.ofMillis(7_500));
    assertThat(b.refuseFor()).isEqualTo(3);
    // The first batch analysed: the second has waited 3.5 s.
    b.analysed(10);
    assertThat(b.lag()).isEqualTo(Duration.ofMillis(3_500));
    assertThat(b.refuseFor()).isZero();
    b.analysed(20);
    assertThat(b.lag()).isZero();
    assertThat(b.events()).isZero();
  }

  @Test
  void aBatchTheAnalysisSawBeforeItsCommitWasReportedIsNoLag() {
    // The analysis read the batch the instant it committed and reported its cursor before the
    // ingesting thread got round to reporting the commit; no later round retires it.
    IngestBacklog b = new IngestBacklog(clock, 1_000_000, Duration.ofSeconds(5));
    b.start(0, 0);
    b.analysed(10);
    b.committed(10);
    now.addAndGet(13_000);
    assertThat(b.events()).isZero();
    assertThat(b.lag()).isZero();
    assertThat(b.refuseFor()).isZero();
  }

  @Test
  void eventsLeftFromBeforeAStartCountAsArrivedAtTheStart() {
    IngestBacklog b = new IngestBacklog(clock, 1_000_000, Duration.ofSeconds(5));
    b.start(500, 200);
    assertThat(b.events()).isEqualTo(300);
    now.addAndGet(6_000);
    assertThat(b.refuseFor()).isEqualTo(2);
  }

  @Test
  void theConsumersFirstRoundReportsWhereItStandsOnce() throws Exception {
    IngestBacklog b = new IngestBacklog(clock, 100, Duration.ofSeconds(5));
    AtomicLong looks = new AtomicLong();
    var round =
        b.reportingFirst(
            () -> {
              looks.incrementAndGet();
              return 300;
            },
            () -> 100,
            () -> 7);
    assertThat(b.known()).isFalse();
    assertThat(round.run()).isEqualTo(7);
    assertThat(b.known()).isTrue();
    assertThat(b.events()).isEqualTo(200);
    assertThat(round.run()).isEqualTo(7);
    assertThat(looks.get()).isEqualTo(1);
  }

  @Test
  void refusesNonsenseBounds() {
    assertThatThrownBy(() -> new IngestBacklog(clock, 0, Duration.ofSeconds(5)))
        .hasMessageContaining("max-backlog");
    assertThatThrownBy(() -> new IngestBacklog(clock, 10, Duration.ZERO))
        .hasMessageContaining("max-lag");
  }
}

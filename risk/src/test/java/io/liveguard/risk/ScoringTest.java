package io.liveguard.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.liveguard.risk.RiskScore.Contribution;
import io.liveguard.risk.Signal.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * One fixture per scoring rule; expected points are computed by hand from the documented weights.
 */
class ScoringTest {
  static final Instant T0 = Instant.parse("2026-03-01T02:00:00Z");
  final MapGraph graph = new MapGraph();
  final MemoryRiskStore store = new MemoryRiskStore();
  final RiskEngine engine =
      new RiskEngine(ScoringRules.defaults(), WarningRules.defaults(), graph, store);

  static Signal finding(long room, Severity s, Instant at) {
    return new Signal.FindingRaised(room, s, "absolute", null, at);
  }

  double points(RiskScore s, Reason r) {
    return s.contributions().stream()
        .filter(c -> c.reason() == r)
        .mapToDouble(Contribution::points)
        .sum();
  }

  @Test
  void findingsWeighBySeverity() {
    graph.room(1, 0, 0, null);
    engine.apply(finding(1, Severity.NOTICE, T0));
    engine.apply(finding(1, Severity.WARNING, T0));
    engine.apply(finding(1, Severity.SERIOUS, T0));
    engine.apply(finding(1, Severity.SERIOUS, T0));
    RiskScore s = engine.score(Subject.room(1), T0);
    assertThat(points(s, Reason.NOTICE_FINDINGS)).isEqualTo(1.0);
    assertThat(points(s, Reason.WARNING_FINDINGS)).isEqualTo(3.0);
    assertThat(points(s, Reason.SERIOUS_FINDINGS)).isEqualTo(16.0);
    assertThat(s.raw()).isEqualTo(20.0);
    // 100 × (1 − e^(−20/50)) = 32.97
    assertThat(s.score()).isEqualTo(33);
    assertThat(s.contributions().get(0).reason()).isEqualTo(Reason.SERIOUS_FINDINGS);
    assertThat(s.contributions().get(0).count()).isEqualTo(2);
  }

  @Test
  void aFindingCountsHalfAfterItsHalfLife() {
    graph.room(1, 0, 0, null);
    engine.apply(finding(1, Severity.SERIOUS, T0));
    assertThat(engine.score(Subject.room(1), T0.plus(Duration.ofDays(30))).raw())
        .isCloseTo(4.0, within(1e-9));
    assertThat(engine.score(Subject.room(1), T0.plus(Duration.ofDays(60))).raw())
        .isCloseTo(2.0, within(1e-9));
  }

  @Test
  void lateSignalsAddTheSameAsTimelyOnes() {
    graph.room(1, 0, 0, null);
    graph.room(2, 0, 0, null);
    Instant later = T0.plus(Duration.ofDays(10));
    engine.apply(finding(1, Severity.WARNING, T0));
    engine.apply(finding(1, Severity.SERIOUS, later));
    engine.apply(finding(2, Severity.SERIOUS, later));
    engine.apply(finding(2, Severity.WARNING, T0)); // arrives late
    Instant now = T0.plus(Duration.ofDays(20));
    assertThat(engine.score(Subject.room(2), now).raw())
        .isCloseTo(engine.score(Subject.room(1), now).raw(), within(1e-9));
  }

  @Test
  void aConfirmedLeadWeighsTenAndARepeatTenMore() {
    graph.room(1, 0, 0, null);
    engine.apply(new Signal.LeadConfirmed(1, T0));
    RiskScore one = engine.score(Subject.room(1), T0);
    assertThat(points(one, Reason.CONFIRMED_LEADS)).isEqualTo(10.0);
    assertThat(points(one, Reason.REPEAT_OFFENCES)).isZero();
    engine.apply(new Signal.LeadConfirmed(1, T0));
    engine.apply(new Signal.LeadConfirmed(1, T0));
    RiskScore three = engine.score(Subject.room(1), T0);
    assertThat(points(three, Reason.CONFIRMED_LEADS)).isEqualTo(30.0);
    assertThat(points(three, Reason.REPEAT_OFFENCES)).isEqualTo(20.0);
  }

  @Test
  void complaintsWeighTwoAndSpecificOnesFour() {
    graph.room(1, 0, 0, null);
    engine.apply(new Signal.ComplaintFiled(Subject.room(1), false, T0));
    engine.apply(new Signal.ComplaintFiled(Subject.room(1), true, T0));
    RiskScore s = engine.score(Subject.room(1), T0);
    assertThat(points(s, Reason.COMPLAINTS)).isEqualTo(2.0);
    assertThat(points(s, Reason.SPECIFIC_COMPLAINTS)).isEqualTo(4.0);
  }

  @Test
  void aRiskyCategoryMultipliesTheOwnPoints() {
    graph.room(1, 0, 0, "health_food").room(2, 0, 0, "apparel");
    engine.apply(finding(1, Severity.SERIOUS, T0));
    engine.apply(finding(2, Severity.SERIOUS, T0));
    RiskScore s = engine.score(Subject.room(1), T0);
    assertThat(points(s, Reason.CATEGORY)).isEqualTo(4.0); // 8 × (1.5 − 1)
    assertThat(s.raw()).isEqualTo(12.0);
    assertThat(engine.score(Subject.room(2), T0).raw()).isEqualTo(8.0);
  }

  @Test
  void aRoomCarriesAShareOfItsStreamersOtherRooms() {
    // streamer 7 streams in rooms 1, 2 and 3 (room 3 sells cosmetics ×1.2)
    graph.room(1, 7, 0, null).room(2, 7, 0, null).room(3, 7, 0, "cosmetics");
    engine.apply(finding(2, Severity.SERIOUS, T0));
    engine.apply(finding(3, Severity.SERIOUS, T0));
    RiskScore s = engine.score(Subject.room(1), T0);
    // 0.3 × (8 + 8 × 1.2)
    assertThat(points(s, Reason.STREAMER_OTHER_ROOMS)).isCloseTo(5.28, within(1e-9));
    assertThat(s.raw()).isCloseTo(5.28, within(1e-9));
  }

  @Test
  void aStreamerCarriesItsRoomsAndAShareOfItsMcnPeers() {
    graph.room(1, 7, 0, null).room(2, 8, 0, null).room(3, 9, 0, null);
    graph.signStreamer(7, 500).signStreamer(8, 500);
    engine.apply(finding(1, Severity.SERIOUS, T0));
    engine.apply(finding(2, Severity.WARNING, T0));
    engine.apply(finding(3, Severity.SERIOUS, T0)); // not an MCN peer
    engine.apply(new Signal.ComplaintFiled(Subject.streamer(7), false, T0));
    RiskScore s = engine.score(Subject.streamer(7), T0);
    assertThat(points(s, Reason.STREAMER_ROOMS)).isEqualTo(8.0);
    assertThat(points(s, Reason.COMPLAINTS)).isEqualTo(2.0);
    assertThat(points(s, Reason.MCN_PEERS)).isCloseTo(0.3, within(1e-9)); // 0.1 × 3
  }

  @Test
  void anEnterpriseCarriesItsRoomsAndHalfItsMcnStreamers() {
    graph.room(1, 7, 300, null).room(2, 8, 0, null);
    graph.signStreamer(8, 300);
    engine.apply(finding(1, Severity.SERIOUS, T0));
    engine.apply(finding(2, Severity.SERIOUS, T0));
    engine.apply(new Signal.ComplaintFiled(Subject.streamer(8), true, T0));
    RiskScore s = engine.score(Subject.enterprise(300), T0);
    assertThat(points(s, Reason.OPERATED_ROOMS)).isEqualTo(8.0);
    assertThat(points(s, Reason.MCN_STREAMERS)).isEqualTo(6.0); // 0.5 × (4 + 8)
  }

  @Test
  void contributionsAddUpToTheRawValue() {
    long seed = new Random().nextLong();
    Random rnd = new Random(seed);
    for (int r = 1; r <= 20; r++) {
      graph.room(r, 1 + r % 4, 100 + r % 3, r % 2 == 0 ? "food" : null);
    }
    graph.signStreamer(1, 100).signStreamer(2, 100);
    for (int i = 0; i < 500; i++) {
      Instant at = T0.plus(Duration.ofMinutes(rnd.nextInt(60 * 24 * 30)));
      long room = 1 + rnd.nextInt(20);
      engine.apply(
          switch (rnd.nextInt(4)) {
            case 0 -> new Signal.LeadConfirmed(room, at);
            case 1 -> new Signal.ComplaintFiled(Subject.room(room), rnd.nextBoolean(), at);
            default -> finding(room, Severity.values()[rnd.nextInt(3)], at);
          });
    }
    Instant now = T0.plus(Duration.ofDays(31));
    List<Subject> subjects = new ArrayList<>();
    for (int r = 1; r <= 20; r++) {
      subjects.add(Subject.room(r));
    }
    subjects.add(Subject.streamer(1));
    subjects.add(Subject.enterprise(100));
    for (Subject sub : subjects) {
      RiskScore s = engine.score(sub, now);
      double sum = s.contributions().stream().mapToDouble(Contribution::points).sum();
      assertThat(sum).as("seed %d, %s", seed, sub).isCloseTo(s.raw(), within(1e-9));
      assertThat(s.score()).isBetween(0, 100);
    }
  }

  @Test
  void incrementalScoresEqualARecomputationFromScratch() {
    long seed = new Random().nextLong();
    Random rnd = new Random(seed);
    graph.room(1, 0, 0, "drug");
    List<Signal> history = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      Instant at = T0.plus(Duration.ofMinutes(rnd.nextInt(60 * 24 * 90)));
      Signal s =
          rnd.nextInt(5) == 0
              ? new Signal.LeadConfirmed(1, at)
              : finding(1, Severity.values()[rnd.nextInt(3)], at);
      history.add(s);
      engine.apply(s);
    }
    Instant now = T0.plus(Duration.ofDays(100));
    assertThat(engine.score(Subject.room(1), now).raw())
        .as("seed %d", seed)
        .isCloseTo(
            NaiveScorer.rawOfRoom(ScoringRules.defaults(), history, 1, "drug", now), within(1e-6));
  }

  @Test
  void rulesRefuseNegativeWeights() {
    var d = ScoringRules.defaults();
    var w = new java.util.EnumMap<Reason, Double>(d.weights());
    w.put(Reason.COMPLAINTS, -1.0);
    assertThatThrownBy(() -> new ScoringRules(w, d.halfLives(), d.categoryFactors(), 50))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("complaints");
  }
}

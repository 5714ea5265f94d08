package io.liveguard.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.risk.Signal.Severity;
import io.liveguard.risk.Warning.Change;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One fixture per warning rule and per tier boundary; thresholds are the documented defaults. */
class WarningRulesTest {
  // 10:00 in Beijing on 2026-03-10
  static final Instant DAY = Instant.parse("2026-03-10T02:00:00Z");
  final MapGraph graph = new MapGraph();
  final MemoryRiskStore store = new MemoryRiskStore();
  final RiskEngine engine =
      new RiskEngine(ScoringRules.defaults(), WarningRules.defaults(), graph, store);

  List<Change> findings(long room, Severity s, int n, Instant start) {
    List<Change> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.addAll(
          engine.apply(new Signal.FindingRaised(room, s, "absolute", null, start.plusSeconds(i))));
    }
    return all;
  }

  List<Warning> of(String rule) {
    return store.warnings().stream().filter(w -> w.rule().equals(rule)).toList();
  }

  @Test
  void scoreTiersFollowTheThresholds() {
    var r = WarningRules.defaults();
    assertThat(r.scoreTier(39)).isNull();
    assertThat(r.scoreTier(40)).isEqualTo(Tier.BLUE);
    assertThat(r.scoreTier(59)).isEqualTo(Tier.BLUE);
    assertThat(r.scoreTier(60)).isEqualTo(Tier.YELLOW);
    assertThat(r.scoreTier(75)).isEqualTo(Tier.ORANGE);
    assertThat(r.scoreTier(89)).isEqualTo(Tier.ORANGE);
    assertThat(r.scoreTier(90)).isEqualTo(Tier.RED);
  }

  @Test
  void aRisingScoreRaisesOneWarningAndEscalatesIt() {
    graph.room(1, 0, 0, null);
    // serious findings of 8 points: raw 8k → scores 15, 27, 38, 47 (blue), 55, 62 (yellow), 67, 72,
    // 76 (orange), 80, 83, 85, 88, 89, 91 (red at the 15th)
    List<Change> changes = new ArrayList<>();
    for (int i = 1; i <= 15; i++) {
      List<Change> c =
          engine.apply(
              new Signal.FindingRaised(
                  1, Severity.SERIOUS, "x", null, DAY.plusSeconds(i * 3600L * 3)));
      changes.addAll(
          c.stream().filter(x -> x.warning().rule().equals(WarningRules.SCORE)).toList());
    }
    assertThat(changes).hasSize(4);
    assertThat(changes.get(0)).isInstanceOf(Warning.Raised.class);
    assertThat(changes.stream().map(c -> c.warning().tier()))
        .containsExactly(Tier.BLUE, Tier.YELLOW, Tier.ORANGE, Tier.RED);
    assertThat(of(WarningRules.SCORE)).hasSize(1);
  }

  @Test
  void aScoreBelowBlueRaisesNothing() {
    graph.room(1, 0, 0, null);
    findings(1, Severity.WARNING, 3, DAY); // raw 9 → 16
    assertThat(store.warnings()).isEmpty();
  }

  @Test
  void findingsJumpingAgainstTheBaselineRaiseYellowOrangeRed() {
    graph.room(1, 0, 0, null).room(2, 0, 0, null).room(3, 0, 0, null);
    findings(1, Severity.NOTICE, 4, DAY);
    assertThat(of(WarningRules.FINDINGS_JUMP)).isEmpty();
    findings(1, Severity.NOTICE, 1, DAY.plusSeconds(100));
    assertThat(of(WarningRules.FINDINGS_JUMP))
        .singleElement()
        .extracting(Warning::tier)
        .isEqualTo(Tier.YELLOW);
    findings(2, Severity.NOTICE, 10, DAY);
    findings(3, Severity.NOTICE, 20, DAY);
    assertThat(of(WarningRules.FINDINGS_JUMP).stream().map(Warning::tier))
        .containsExactly(Tier.YELLOW, Tier.ORANGE, Tier.RED);
  }

  @Test
  void aHighBaselineNeedsAProportionalJump() {
    graph.room(1, 0, 0, null);
    // 2 findings on each of the 7 days before: baseline 2; yellow needs ≥ 6, orange ≥ 10
    for (int d = 1; d <= 7; d++) {
      findings(1, Severity.NOTICE, 2, DAY.minus(Duration.ofDays(d)));
    }
    findings(1, Severity.NOTICE, 5, DAY);
    assertThat(of(WarningRules.FINDINGS_JUMP)).isEmpty();
    findings(1, Severity.NOTICE, 1, DAY.plusSeconds(60));
    assertThat(of(WarningRules.FINDINGS_JUMP))
        .singleElement()
        .extracting(Warning::tier)
        .isEqualTo(Tier.YELLOW);
  }

  @Test
  void daysAreCountedInBeijingTime() {
    graph.room(1, 0, 0, null);
    // 23:59 and 00:01 Beijing time are different days
    Instant late = Instant.parse("2026-03-10T15:59:00Z");
    findings(1, Severity.NOTICE, 4, late.minusSeconds(10));
    findings(1, Severity.NOTICE, 4, late.plusSeconds(120));
    assertThat(of(WarningRules.FINDINGS_JUMP)).isEmpty();
  }

  @Test
  void aBannedStreamerOnAirRaisesRed() {
    graph.room(1, 0, 0, null).room(2, 0, 0, null);
    store.blacklist(
        Subject.streamer(9), DAY.minus(Duration.ofDays(1)), DAY.plus(Duration.ofDays(30)));
    store.blacklist(
        Subject.streamer(8), DAY.minus(Duration.ofDays(60)), DAY.minus(Duration.ofDays(30)));
    assertThat(engine.apply(new Signal.StreamerAppeared(1, 8, DAY))).isEmpty(); // ban expired
    assertThat(engine.apply(new Signal.StreamerAppeared(1, 7, DAY))).isEmpty(); // never banned
    var c = engine.apply(new Signal.StreamerAppeared(2, 9, DAY));
    assertThat(c)
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.warning().tier()).isEqualTo(Tier.RED);
              assertThat(x.warning().subject()).isEqualTo(Subject.room(2));
              assertThat(x.warning().facts()).containsEntry("streamer", "9");
            });
    assertThat(engine.apply(new Signal.StreamerAppeared(2, 9, DAY.plusSeconds(3600)))).isEmpty();
  }

  @Test
  void theSameCounterfeitCueAcrossAnMcnsRoomsRaisesOrangeThenRed() {
    for (int r = 1; r <= 6; r++) {
      graph.room(r, 100 + r, 0, null).signStreamer(100 + r, 900);
    }
    graph.room(7, 107, 0, null); // not signed to the MCN
    List<Change> all = new ArrayList<>();
    for (int r = 1; r <= 6; r++) {
      all.addAll(
          engine.apply(
              new Signal.FindingRaised(
                  r, Severity.WARNING, "counterfeit", "CF|原单", DAY.plus(Duration.ofHours(r)))));
      if (r == 2) {
        // a different cue and a room outside the MCN do not count
        all.addAll(
            engine.apply(
                new Signal.FindingRaised(3, Severity.WARNING, "counterfeit", "CF|高仿", DAY)));
        all.addAll(
            engine.apply(
                new Signal.FindingRaised(7, Severity.WARNING, "counterfeit", "CF|原单", DAY)));
        assertThat(of(WarningRules.MCN_COUNTERFEIT)).isEmpty();
      }
    }
    var cf =
        all.stream().filter(c -> c.warning().rule().equals(WarningRules.MCN_COUNTERFEIT)).toList();
    assertThat(cf.stream().map(c -> c.warning().tier())).containsExactly(Tier.ORANGE, Tier.RED);
    Warning w = of(WarningRules.MCN_COUNTERFEIT).get(0);
    assertThat(w.subject()).isEqualTo(Subject.enterprise(900));
    assertThat(w.rooms()).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);
  }

  @Test
  void cueSightingsOutsideTheWindowDoNotCount() {
    for (int r = 1; r <= 3; r++) {
      graph.room(r, 100 + r, 0, null).signStreamer(100 + r, 900);
      engine.apply(
          new Signal.FindingRaised(
              r, Severity.WARNING, "counterfeit", "CF|原单", DAY.plus(Duration.ofDays(4L * r))));
    }
    assertThat(of(WarningRules.MCN_COUNTERFEIT)).isEmpty();
  }

  @Test
  void anAcknowledgedWarningReturnsOnlyHigherOrAfterTheCooldown() {
    graph.room(1, 0, 0, null);
    findings(1, Severity.NOTICE, 5, DAY);
    Warning w = of(WarningRules.FINDINGS_JUMP).get(0);
    store.saveWarning(w.acknowledged("officer", DAY.plusSeconds(600)));
    findings(1, Severity.NOTICE, 1, DAY.plusSeconds(700)); // still yellow: suppressed
    assertThat(of(WarningRules.FINDINGS_JUMP)).hasSize(1);
    findings(1, Severity.NOTICE, 4, DAY.plusSeconds(800)); // orange: above the acknowledged tier
    assertThat(of(WarningRules.FINDINGS_JUMP)).hasSize(2);
    assertThat(of(WarningRules.FINDINGS_JUMP).get(1).tier()).isEqualTo(Tier.ORANGE);
    // acknowledged, then 8 days later the same tier comes back: a new warning
    Warning o = of(WarningRules.FINDINGS_JUMP).get(1);
    store.saveWarning(o.acknowledged("officer", DAY.plusSeconds(900)));
    findings(1, Severity.NOTICE, 10, DAY.plus(Duration.ofDays(8)));
    assertThat(of(WarningRules.FINDINGS_JUMP)).hasSize(3);
  }

  @Test
  void priorityIsTheHighestTierTriggeredWithinTheHold() {
    graph.room(1, 0, 0, null);
    findings(1, Severity.NOTICE, 10, DAY); // jump orange
    var rules = WarningRules.defaults();
    assertThat(RiskEngine.priority(store.warnings(), DAY.plus(Duration.ofDays(1)), rules))
        .isEqualTo(4);
    assertThat(RiskEngine.priority(store.warnings(), DAY.plus(Duration.ofDays(8)), rules))
        .isEqualTo(1);
    assertThat(RiskEngine.priority(List.of(), DAY, rules)).isEqualTo(1);
  }

  @Test
  void aFindingInOneRoomCanWarnAboutTheStreamersOtherRoom() {
    graph.room(1, 5, 0, null).room(2, 5, 0, "health_food");
    store.put(
        Subject.room(1),
        SubjectState.restore(DAY, new double[] {0, 0, 0, 0, 0, 0, 25}, new long[7], 0));
    // room 1: own 100 (25 specific complaints × 4); room 2 gets 0.3 × 100 = 30 linked, plus its own
    // serious finding 8 × 1.5 = 12: raw 42 → 57 blue
    var c = engine.apply(new Signal.FindingRaised(2, Severity.SERIOUS, "x", null, DAY));
    assertThat(c.stream().filter(x -> x.warning().subject().equals(Subject.room(2))))
        .singleElement()
        .extracting(x -> x.warning().tier())
        .isEqualTo(Tier.BLUE);
  }
}

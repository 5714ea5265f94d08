package io.liveguard.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.risk.Signal.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * A simulated month (2026-03-01 … 03-30, Beijing time) of 1,000 rooms: random background noise that
 * by construction can trigger no rule, plus planted patterns whose warnings are worked out by hand
 * below from the documented thresholds — not from the engine.
 */
class MonthSimulationTest {
  static final ZoneId BJ = ZoneId.of("Asia/Shanghai");
  static final LocalDate FIRST = LocalDate.of(2026, 3, 1);

  /** 10:00 Beijing time on day {@code d} (1-based) plus {@code minutes}. */
  static Instant at(int d, int minutes) {
    return FIRST
        .plusDays(d - 1)
        .atTime(10, 0)
        .atZone(BJ)
        .toInstant()
        .plus(Duration.ofMinutes(minutes));
  }

  record Step(Instant at, int order, Signal signal, Consumer<MonthSimulationTest> action) {}

  final List<Step> steps = new ArrayList<>();
  final MapGraph graph = new MapGraph();
  final MemoryRiskStore store = new MemoryRiskStore();

  void signal(Signal s) {
    steps.add(new Step(s.at(), steps.size(), s, null));
  }

  void findings(long room, Severity s, int n, int day) {
    for (int i = 0; i < n; i++) {
      signal(new Signal.FindingRaised(room, s, "absolute", null, at(day, i)));
    }
  }

  static Set<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void warningsOfAMonthMatchThePlan() {
    long seed = new Random().nextLong();
    Random rnd = new Random(seed);
    String[] categories = {
      "apparel", "food", "health_food", "cosmetics", "jewellery", "electronics"
    };
    Set<Long> planted = new TreeSet<>(range(1, 78));
    planted.addAll(range(101, 150));
    for (long r = 1; r <= 1000; r++) {
      if (r >= 101 && r <= 150) {
        graph.room(r, r, 0, "luxury");
        continue;
      }
      String cat =
          planted.contains(r)
              ? (r <= 30 ? "apparel" : r <= 50 ? "health_food" : r <= 60 ? "food" : "cosmetics")
              : categories[rnd.nextInt(categories.length)];
      graph.room(r, r, 10_000 + r, cat);
    }
    // MCN agencies 9001–9005 (enterprises) and their streamers (= their rooms' ids)
    for (long s = 101; s <= 104; s++) graph.signStreamer(s, 9001);
    for (long s = 111; s <= 116; s++) graph.signStreamer(s, 9002);
    for (long s = 121; s <= 122; s++) graph.signStreamer(s, 9003);
    for (long s = 131; s <= 133; s++) graph.signStreamer(s, 9004);
    for (long s = 141; s <= 143; s++) graph.signStreamer(s, 9005);

    // Background: notice findings only on days with (day + room) % 3 == 0, at most one a day, so
    // ≤ 10 a month: raw ≤ 10 × 1.5 + one complaint 2 × 1.5 = 18 → score ≤ 30 < 40 (blue), and a
    // day's count 1 < 5 (jump). Family "absolute": no counterfeit cue.
    for (long r = 1; r <= 1000; r++) {
      if (planted.contains(r)) continue;
      for (int d = 1; d <= 30; d++) {
        if ((d + r) % 3 == 0 && rnd.nextDouble() < 0.7) {
          signal(
              new Signal.FindingRaised(
                  r, Severity.NOTICE, "absolute", null, at(d, rnd.nextInt(600))));
        }
      }
      if (rnd.nextDouble() < 0.2) {
        signal(
            new Signal.ComplaintFiled(
                Subject.room(r), false, at(1 + rnd.nextInt(30), rnd.nextInt(600))));
      }
    }
    // A 1–10: 6 notices on day 15, baseline 0 → 6 ≥ 5 and ≥ 3 × 1: jump yellow (not orange: 6 <
    // 10).
    //   Score: raw 6 → 11.
    for (long r = 1; r <= 10; r++) findings(r, Severity.NOTICE, 6, 15);
    // B 11–20: 12 notices on day 15 → jump yellow at the 5th, orange at the 10th: one warning,
    // orange.
    //   Acknowledged on day 16 12:00. Rooms 16–20: 12 more on day 18, baseline (days 11–17) 12/7 =
    //   1.71 → orange again (12 ≥ 10, ≥ 8.57) but within the 7-day cooldown and not above orange:
    //   suppressed. Rooms 11–15: 12 more on day 26, baseline (days 19–25) 0 → orange, cooldown over
    //   (day 23): a new warning each. Score: raw ≤ 24 → 38 < 40.
    for (long r = 11; r <= 20; r++) findings(r, Severity.NOTICE, 12, 15);
    steps.add(new Step(at(16, 120), 0, null, t -> t.acknowledgeRooms(11, 20, at(16, 120))));
    for (long r = 16; r <= 20; r++) findings(r, Severity.NOTICE, 12, 18);
    for (long r = 11; r <= 15; r++) findings(r, Severity.NOTICE, 12, 26);
    // C 21–30: 22 notices on day 20 → jump red (22 ≥ 20, ≥ 10 × 1). Score: raw 22 → 36 < 40.
    for (long r = 21; r <= 30; r++) findings(r, Severity.NOTICE, 22, 20);
    // D 31–40 (health food ×1.5): 3 serious on day 10 → raw 3 × 8 × 1.5 = 36 → 51: score blue.
    for (long r = 31; r <= 40; r++) findings(r, Severity.SERIOUS, 3, 10);
    // E 41–50 (health food): 10 serious within 10 minutes on day 12 → raw 120 → 91: score red
    //   (one warning, escalated); the day's 10 findings also make jump orange.
    for (long r = 41; r <= 50; r++) findings(r, Severity.SERIOUS, 10, 12);
    // F 51–60 (food ×1.2): confirmed leads on days 5, 6, 7. After the 2nd: (10 + 10·2^(−1/90) + 10)
    //   × 1.2 = 35.9 → 51 blue; after the 3rd: (10·(1 + 2^(−1/90) + 2^(−2/90)) + 10·(2^(−1/180) +
    //   1)) × 1.2 = 59.6 → 70: score yellow (one warning, escalated).
    for (long r = 51; r <= 60; r++) {
      for (int d = 5; d <= 7; d++) signal(new Signal.LeadConfirmed(r, at(d, 0)));
    }
    // G 61–70 (cosmetics ×1.2): 8 complaints and 4 specific ones on day 25 within 12 minutes →
    //   (16 + 16) × 1.2 = 38.4 → 54: score blue.
    for (long r = 61; r <= 70; r++) {
      for (int i = 0; i < 12; i++) {
        signal(new Signal.ComplaintFiled(Subject.room(r), i >= 8, at(25, i)));
      }
    }
    // H: streamers 2001–2005 banned all month, 2006 banned until day 5, 2007 never.
    //   2001…2005 go on air in rooms 71…75 on days 8 and 9 (second appearance: warning still open),
    //   2006 in room 76 on day 10, 2007 in room 77, 2001 again in room 78 on day 20 → 6 red.
    for (long s = 2001; s <= 2005; s++) {
      store.blacklist(Subject.streamer(s), at(1, -600), null);
      signal(new Signal.StreamerAppeared(71 + s - 2001, s, at(8, 30)));
      signal(new Signal.StreamerAppeared(71 + s - 2001, s, at(9, 30)));
    }
    store.blacklist(Subject.streamer(2006), at(1, -600), at(5, 0));
    signal(new Signal.StreamerAppeared(76, 2006, at(10, 0)));
    signal(new Signal.StreamerAppeared(77, 2007, at(10, 0)));
    signal(new Signal.StreamerAppeared(78, 2001, at(20, 0)));
    // I: counterfeit cues (warning severity, 3 points; one a day per room: no jump, no score).
    //   MCN 9001: rooms 101–104 on days 3–6 → orange at the 3rd room, 4 rooms stay orange: 1
    // orange.
    //   MCN 9002: rooms 111–116 on days 10–15 → orange at the 3rd, red at the 5th: 1 red.
    //   MCN 9003: 2 rooms: none. MCN 9004: 3 rooms on days 1, 10, 20 (never 3 within 7 days): none.
    //   MCN 9005: 3 rooms, 3 different cues: none.
    for (long r = 101; r <= 104; r++) cue(r, "CF-1|原单", (int) (3 + r - 101));
    for (long r = 111; r <= 116; r++) cue(r, "CF-2|高仿", (int) (10 + r - 111));
    cue(121, "CF-1|原单", 4);
    cue(122, "CF-1|原单", 5);
    cue(131, "CF-3|复刻", 1);
    cue(132, "CF-3|复刻", 10);
    cue(133, "CF-3|复刻", 20);
    cue(141, "CF-1|原单", 3);
    cue(142, "CF-2|高仿", 3);
    cue(143, "CF-3|复刻", 3);

    // run the month in time order
    RiskEngine engine =
        new RiskEngine(ScoringRules.defaults(), WarningRules.defaults(), graph, store);
    steps.sort(Comparator.comparing(Step::at).thenComparingInt(Step::order));
    for (Step s : steps) {
      if (s.signal() != null) {
        engine.apply(s.signal());
      } else {
        s.action().accept(this);
      }
    }

    Map<String, Map<Tier, Set<Long>>> got = new TreeMap<>();
    for (Warning w : store.warnings()) {
      got.computeIfAbsent(w.rule(), k -> new TreeMap<>())
          .computeIfAbsent(w.tier(), k -> new TreeSet<>())
          .add(w.subject().id());
    }
    String why = "seed " + seed + ", got " + got;
    // score: D blue, G blue, F yellow, E red → 40
    assertThat(got.get(WarningRules.SCORE))
        .as(why)
        .isEqualTo(
            Map.of(
                Tier.BLUE, union(range(31, 40), range(61, 70)),
                Tier.YELLOW, range(51, 60),
                Tier.RED, range(41, 50)));
    // jump: A yellow, B orange (10 + 5 re-raised), E orange, C red → 45
    assertThat(got.get(WarningRules.FINDINGS_JUMP))
        .as(why)
        .isEqualTo(
            Map.of(
                Tier.YELLOW, range(1, 10),
                Tier.ORANGE, union(range(11, 20), range(41, 50)),
                Tier.RED, range(21, 30)));
    assertThat(count(WarningRules.FINDINGS_JUMP, Tier.ORANGE)).as(why).isEqualTo(25);
    assertThat(got.get(WarningRules.BANNED_STREAMER))
        .as(why)
        .isEqualTo(Map.of(Tier.RED, union(range(71, 75), Set.of(78L))));
    assertThat(got.get(WarningRules.MCN_COUNTERFEIT))
        .as(why)
        .isEqualTo(Map.of(Tier.ORANGE, Set.of(9001L), Tier.RED, Set.of(9002L)));
    assertThat(store.warnings()).as(why).hasSize(40 + 45 + 6 + 2);
    // E's rooms are watched at priority 5 (red) on day 12, back to routine after the 7-day hold
    var rules = WarningRules.defaults();
    assertThat(RiskEngine.priority(warningsOfRoom(45), at(12, 60), rules)).isEqualTo(5);
    assertThat(RiskEngine.priority(warningsOfRoom(45), at(20, 60), rules)).isEqualTo(1);
    // background rooms stayed below blue
    assertThat(
            store.warnings().stream()
                .filter(w -> w.subject().id() > 150 && w.subject().id() < 2000))
        .as(why)
        .isEmpty();
  }

  void cue(long room, String cue, int day) {
    signal(new Signal.FindingRaised(room, Severity.WARNING, "counterfeit", cue, at(day, 0)));
  }

  void acknowledgeRooms(long from, long to, Instant at) {
    for (Warning w : store.warnings()) {
      if (w.open()
          && w.subject().kind() == Subject.Kind.ROOM
          && w.subject().id() >= from
          && w.subject().id() <= to) {
        store.saveWarning(w.acknowledged("officer", at));
      }
    }
  }

  long count(String rule, Tier tier) {
    return store.warnings().stream().filter(w -> w.rule().equals(rule) && w.tier() == tier).count();
  }

  List<Warning> warningsOfRoom(long room) {
    return store.warnings().stream().filter(w -> w.rooms().contains(room)).toList();
  }

  static Set<Long> union(Set<Long> a, Set<Long> b) {
    Set<Long> s = new TreeSet<>(a);
    s.addAll(b);
    return s;
  }
}

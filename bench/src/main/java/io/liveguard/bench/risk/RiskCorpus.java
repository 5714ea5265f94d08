package io.liveguard.bench.risk;

import io.liveguard.risk.MapGraph;
import io.liveguard.risk.Reason;
import io.liveguard.risk.ScoringRules;
import io.liveguard.risk.Signal;
import io.liveguard.risk.Subject;
import io.liveguard.risk.SubjectState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A month of signals for {@value #ROOMS} rooms (seeded): each room has its own streamer and
 * enterprise, every tenth streamer is signed to one of 1,000 MCNs, and the history holds about
 * {@value #PER_ROOM} findings, confirmations and complaints per room in time order. Also the naive
 * peer: a room's raw value recomputed from its whole history in closed form.
 */
final class RiskCorpus {
  static final int ROOMS = 100_000;
  static final int PER_ROOM = 30;
  static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
  static final String[] CATEGORIES = {"apparel", "food", "health_food", "cosmetics", "jewellery"};

  final MapGraph graph = new MapGraph();
  final List<Signal> history = new ArrayList<>(ROOMS * PER_ROOM);
  final List<List<Signal>> byRoom = new ArrayList<>(ROOMS + 1);
  final String[] category = new String[ROOMS + 1];
  final Instant end;

  RiskCorpus(long seed) {
    Random rnd = new Random(seed);
    byRoom.add(List.of());
    for (int r = 1; r <= ROOMS; r++) {
      category[r] = CATEGORIES[rnd.nextInt(CATEGORIES.length)];
      graph.room(r, r, 1_000_000 + r, category[r]);
      if (r % 10 == 0) {
        graph.signStreamer(r, 2_000_000 + rnd.nextInt(1000));
      }
      byRoom.add(new ArrayList<>(PER_ROOM + 8));
    }
    long month = Duration.ofDays(30).toMillis();
    long n = (long) ROOMS * PER_ROOM;
    for (long i = 0; i < n; i++) {
      Instant at = START.plusMillis(i * month / n);
      int room = 1 + rnd.nextInt(ROOMS);
      int k = rnd.nextInt(20);
      Signal s =
          k == 0
              ? new Signal.LeadConfirmed(room, at)
              : k == 1
                  ? new Signal.ComplaintFiled(Subject.room(room), rnd.nextBoolean(), at)
                  : new Signal.FindingRaised(
                      room, Signal.Severity.values()[rnd.nextInt(3)], "absolute", null, at);
      history.add(s);
      byRoom.get(room).add(s);
    }
    end = START.plusMillis(month);
  }

  /** The naive peer: the room's raw value from its whole history, in closed form. */
  static double naiveRaw(ScoringRules rules, List<Signal> history, String category, Instant now) {
    double sum = 0;
    int leads = 0;
    for (Signal s : history) {
      if (s instanceof Signal.FindingRaised f) {
        Reason r =
            switch (f.severity()) {
              case NOTICE -> Reason.NOTICE_FINDINGS;
              case WARNING -> Reason.WARNING_FINDINGS;
              case SERIOUS -> Reason.SERIOUS_FINDINGS;
            };
        sum += rules.weight(r) * decay(rules, r, f.at(), now);
      } else if (s instanceof Signal.LeadConfirmed l) {
        sum +=
            rules.weight(Reason.CONFIRMED_LEADS)
                * decay(rules, Reason.CONFIRMED_LEADS, l.at(), now);
        if (leads++ > 0) {
          sum +=
              rules.weight(Reason.REPEAT_OFFENCES)
                  * decay(rules, Reason.REPEAT_OFFENCES, l.at(), now);
        }
      } else if (s instanceof Signal.ComplaintFiled c) {
        Reason r = c.specific() ? Reason.SPECIFIC_COMPLAINTS : Reason.COMPLAINTS;
        sum += rules.weight(r) * decay(rules, r, c.at(), now);
      }
    }
    return sum * rules.categoryFactor(category);
  }

  private static double decay(ScoringRules rules, Reason r, Instant at, Instant now) {
    return SubjectState.decay(Duration.between(at, now), rules.halfLife(r));
  }
}

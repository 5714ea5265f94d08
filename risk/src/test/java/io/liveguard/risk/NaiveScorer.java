package io.liveguard.risk;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference: a room's raw value recomputed from its whole history, in closed form, without any
 * state — the naive peer of the benchmarks and the oracle of the tests.
 */
final class NaiveScorer {
  private NaiveScorer() {}

  static double rawOfRoom(
      ScoringRules rules, List<Signal> history, long room, String category, Instant now) {
    double sum = 0;
    List<Signal.LeadConfirmed> leads = new ArrayList<>();
    for (Signal s : history) {
      if (s instanceof Signal.FindingRaised f && f.room() == room && !f.at().isAfter(now)) {
        Reason r =
            switch (f.severity()) {
              case NOTICE -> Reason.NOTICE_FINDINGS;
              case WARNING -> Reason.WARNING_FINDINGS;
              case SERIOUS -> Reason.SERIOUS_FINDINGS;
            };
        sum += rules.weight(r) * decay(rules, r, f.at(), now);
      } else if (s instanceof Signal.LeadConfirmed l && l.room() == room) {
        leads.add(l);
      } else if (s instanceof Signal.ComplaintFiled c && c.subject().equals(Subject.room(room))) {
        Reason r = c.specific() ? Reason.SPECIFIC_COMPLAINTS : Reason.COMPLAINTS;
        sum += rules.weight(r) * decay(rules, r, c.at(), now);
      }
    }
    // The first confirmed lead in arrival order is not a repeat; arrival order is history order.
    for (int i = 0; i < leads.size(); i++) {
      sum +=
          rules.weight(Reason.CONFIRMED_LEADS)
              * decay(rules, Reason.CONFIRMED_LEADS, leads.get(i).at(), now);
      if (i > 0) {
        sum +=
            rules.weight(Reason.REPEAT_OFFENCES)
                * decay(rules, Reason.REPEAT_OFFENCES, leads.get(i).at(), now);
      }
    }
    return sum * rules.categoryFactor(category);
  }

  private static double decay(ScoringRules rules, Reason r, Instant at, Instant now) {
    return SubjectState.decay(Duration.between(at, now), rules.halfLife(r));
  }
}

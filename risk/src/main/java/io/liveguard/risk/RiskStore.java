package io.liveguard.risk;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Where the risk engine keeps its state: subject accruals, per-room daily finding counts, sightings
 * of counterfeit cues per MCN, warnings and the blacklist. {@link MemoryRiskStore} keeps it in
 * memory; the platform keeps it in its database, inside the transaction of the signal it applies.
 */
public interface RiskStore {
  /** The subject's state, or {@code null} when nothing has accrued. */
  SubjectState state(Subject s);

  void put(Subject s, SubjectState state);

  /** Adds {@code n} findings to the room's count of {@code day}; returns the new count. */
  int addDailyFindings(long room, LocalDate day, int n);

  /** The room's count of findings on {@code day} (0 when none). */
  int dailyFindings(long room, LocalDate day);

  /**
   * The room's findings from {@code from} to {@code to}, both included: the baseline of the
   * findings-jump rule. A store backed by a database answers it in one query.
   */
  default long dailyFindingsBetween(long room, LocalDate from, LocalDate to) {
    long sum = 0;
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      sum += dailyFindings(room, d);
    }
    return sum;
  }

  /**
   * Records that {@code room} of MCN {@code mcn} showed counterfeit cue {@code cue} at {@code at}.
   */
  void sightCue(long mcn, String cue, long room, Instant at);

  /** The distinct rooms of the MCN that showed the cue in {@code [since, until]}. */
  java.util.Set<Long> roomsWithCue(long mcn, String cue, Instant since, Instant until);

  /** The most recent warning of the rule for the subject, open or acknowledged. */
  Optional<Warning> latestWarning(String rule, Subject s);

  /** Stores a new warning (id 0, returns it with its id) or updates one (same id). */
  Warning saveWarning(Warning w);

  /** Whether the streamer is on the blacklist at {@code at}. */
  boolean blacklisted(Subject s, Instant at);
}

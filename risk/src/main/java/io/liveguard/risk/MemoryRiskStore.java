package io.liveguard.risk;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** A {@link RiskStore} in memory: tests, simulations, benchmarks. Not thread-safe. */
public final class MemoryRiskStore implements RiskStore {
  private final Map<Subject, SubjectState> states = new HashMap<>();
  private final Map<Long, Map<LocalDate, Integer>> daily = new HashMap<>();
  private final Map<String, Map<Long, NavigableSet<Instant>>> cues = new HashMap<>();
  private final Map<String, Warning> latest = new HashMap<>();
  private final List<Warning> warnings = new ArrayList<>();
  private final Map<Subject, List<Instant[]>> blacklist = new HashMap<>();

  @Override
  public SubjectState state(Subject s) {
    return states.get(s);
  }

  @Override
  public void put(Subject s, SubjectState state) {
    states.put(s, state);
  }

  /** Every subject with a state. */
  public Set<Subject> subjects() {
    return states.keySet();
  }

  @Override
  public int addDailyFindings(long room, LocalDate day, int n) {
    return daily.computeIfAbsent(room, r -> new HashMap<>()).merge(day, n, Integer::sum);
  }

  @Override
  public int dailyFindings(long room, LocalDate day) {
    Map<LocalDate, Integer> m = daily.get(room);
    return m == null ? 0 : m.getOrDefault(day, 0);
  }

  @Override
  public void sightCue(long mcn, String cue, long room, Instant at) {
    cues.computeIfAbsent(mcn + "|" + cue, k -> new HashMap<>())
        .computeIfAbsent(room, r -> new TreeSet<>())
        .add(at);
  }

  @Override
  public Set<Long> roomsWithCue(long mcn, String cue, Instant since, Instant until) {
    Map<Long, NavigableSet<Instant>> m = cues.get(mcn + "|" + cue);
    Set<Long> rooms = new HashSet<>();
    if (m != null) {
      m.forEach(
          (room, times) -> {
            Instant t = times.ceiling(since);
            if (t != null && !t.isAfter(until)) {
              rooms.add(room);
            }
          });
    }
    return rooms;
  }

  @Override
  public Optional<Warning> latestWarning(String rule, Subject s) {
    return Optional.ofNullable(latest.get(rule + "|" + s.key()));
  }

  @Override
  public Warning saveWarning(Warning w) {
    Warning stored = w;
    if (w.id() == 0) {
      stored = w.withId(warnings.size() + 1);
      warnings.add(stored);
    } else {
      warnings.set((int) w.id() - 1, w);
    }
    latest.put(w.rule() + "|" + w.subject().key(), stored);
    return stored;
  }

  /** Every warning, in the order raised, in its latest form. */
  public List<Warning> warnings() {
    return List.copyOf(warnings);
  }

  /** Puts the subject on the blacklist for {@code [from, until)} ({@code until} null: no end). */
  public void blacklist(Subject s, Instant from, Instant until) {
    blacklist.computeIfAbsent(s, k -> new ArrayList<>()).add(new Instant[] {from, until});
  }

  @Override
  public boolean blacklisted(Subject s, Instant at) {
    for (Instant[] term : blacklist.getOrDefault(s, List.of())) {
      if (!at.isBefore(term[0]) && (term[1] == null || at.isBefore(term[1]))) {
        return true;
      }
    }
    return false;
  }
}

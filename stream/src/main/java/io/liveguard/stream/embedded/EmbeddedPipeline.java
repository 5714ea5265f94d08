package io.liveguard.stream.embedded;

import io.liveguard.stream.analysis.Outcome;
import io.liveguard.stream.analysis.RoomAnalyzer;
import io.liveguard.stream.job.RecentIds;
import io.liveguard.stream.reference.ReferenceData;
import io.liveguard.stream.topic.EventRecord;
import io.liveguard.stream.topic.FindingRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The same per-room analysis as the Flink job, in process: one state per room in a map, events
 * analysed in arrival order, an event id seen recently in its room dropped. It is the reference the
 * job is checked against (equivalence tests) and measured against (benchmarks).
 *
 * <p>Not thread-safe: feed it from one thread, or one instance per partition of rooms.
 *
 * @param <S> the analyzer's per-room state
 */
public final class EmbeddedPipeline<S> {

  private final RoomAnalyzer<S> analyzer;
  private final Map<String, S> states = new HashMap<>();
  private final Map<String, RecentIds> recent = new HashMap<>();
  private ReferenceData reference = ReferenceData.NONE;

  public EmbeddedPipeline(RoomAnalyzer<S> analyzer) {
    this.analyzer = Objects.requireNonNull(analyzer, "analyzer");
  }

  /** Puts reference data in force for the events accepted from now on. */
  public void reference(ReferenceData reference) {
    this.reference = Objects.requireNonNull(reference, "reference");
  }

  /** Analyses one event and returns the findings it raised. */
  public List<FindingRecord> accept(EventRecord event) {
    RecentIds seen = recent.getOrDefault(event.key(), RecentIds.empty());
    if (seen.contains(event.id())) {
      return List.of();
    }
    recent.put(event.key(), seen.add(event.id()));
    S state = states.get(event.key());
    if (state == null) {
      state = analyzer.start(event.key());
    }
    Outcome<S> outcome = analyzer.analyze(state, event, reference);
    if (outcome.state() == null) {
      states.remove(event.key());
    } else {
      states.put(event.key(), outcome.state());
    }
    return outcome.findings();
  }

  /** The analyzer state of a room, or {@code null} if it has none. */
  public S state(String key) {
    return states.get(key);
  }

  /** The recent event ids of a room, or {@code null} if it sent none. */
  public RecentIds recentIds(String key) {
    return recent.get(key);
  }

  /** Number of rooms with analyzer state. */
  public int rooms() {
    return states.size();
  }
}

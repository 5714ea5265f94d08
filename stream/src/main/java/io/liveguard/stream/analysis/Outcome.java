package io.liveguard.stream.analysis;

import io.liveguard.stream.topic.FindingRecord;
import java.util.List;

/**
 * What one event did to a room: the state after it and the findings it raised.
 *
 * @param state the room's state after the event, or {@code null} to release it (session over)
 * @param findings the findings raised, in the order to publish them
 * @param <S> the per-room state
 */
public record Outcome<S>(S state, List<FindingRecord> findings) {

  public Outcome {
    findings = List.copyOf(findings);
  }
}

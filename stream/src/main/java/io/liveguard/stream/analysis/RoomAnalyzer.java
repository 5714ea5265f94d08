package io.liveguard.stream.analysis;

import io.liveguard.stream.reference.ReferenceData;
import io.liveguard.stream.topic.EventRecord;
import java.io.Serializable;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * The per-room analysis that the Flink job and the embedded pipeline both run: it folds the events
 * of one room, in event-time order, into a state of type {@code S} and raises findings.
 *
 * <p>The job keeps one {@code S} per room in Flink keyed state (checkpointed, restored after a
 * failure, released by TTL when a room goes quiet); the embedded pipeline keeps it in a map. So
 * that both give the same findings, an implementation must be a pure function of the state and the
 * event: no clock, no randomness, no hidden fields outside {@code S}.
 *
 * <p>What {@code S} must be: serializable by Flink without Kryo — a POJO or record of primitives,
 * strings, arrays and nested POJOs/records, described by {@link #stateType()} — or any class with
 * its own {@code TypeSerializer} returned through that {@code TypeInformation}. Its serialized form
 * is the per-room state size (budget: under 64 KB), so windows and histories inside it must be
 * bounded. The implementation may mutate the state it is given and return it.
 *
 * @param <S> the per-room state
 */
public interface RoomAnalyzer<S> extends Serializable {

  /** How Flink stores the state; {@code Types.POJO(S.class)} for a POJO or record. */
  TypeInformation<S> stateType();

  /** The state of a room that has none yet (first event, or after TTL released it). */
  S start(String key);

  /**
   * Analyses one event of the room.
   *
   * @param state the room's state, from {@link #start} or a previous call
   * @param event the next event of the room
   * @return the state after the event ({@code null} when the room is done and its state can be
   *     released) and the findings raised by it
   */
  Outcome<S> analyze(S state, EventRecord event);

  /**
   * Analyses one event of the room with the platform's reference data in force (authorised sellers,
   * rule overlay). The default ignores the reference data.
   */
  default Outcome<S> analyze(S state, EventRecord event, ReferenceData reference) {
    return analyze(state, event);
  }
}

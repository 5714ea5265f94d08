package io.liveguard.stream.job;

import static io.liveguard.stream.testing.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.stream.testing.Events;
import io.liveguard.stream.testing.SequenceAnalyzer;
import io.liveguard.stream.topic.EventRecord;
import io.liveguard.stream.topic.FindingRecord;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The keyed function through Flink's operator harness: state, event-time timers and TTL. */
class RoomAnalysisFunctionTest {

  private static final Duration TTL = Duration.ofHours(6);

  private KeyedOneInputStreamOperatorTestHarness<String, EventRecord, FindingRecord> harness;

  @AfterEach
  void close() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, EventRecord, FindingRecord>
      newHarness() throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new RoomAnalysisFunction<>(new SequenceAnalyzer(), TTL)),
        EventRecord::key,
        Types.STRING);
  }

  private void open() throws Exception {
    harness = newHarness();
    harness.setStateTtlProcessingTime(0);
    harness.open();
  }

  private void send(String type, String id, String room, long at) throws Exception {
    send(harness, type, id, room, at);
  }

  private static void send(
      KeyedOneInputStreamOperatorTestHarness<String, EventRecord, FindingRecord> h,
      String type,
      String id,
      String room,
      long at)
      throws Exception {
    String json =
        type.equals("session_ended")
            ? Events.bare(type, id, room, "s-1", at)
            : Events.text(type, id, room, "s-1", at, "话");
    EventRecord e = Events.record(json);
    h.processElement(e, at);
  }

  private static List<String> sequences(
      KeyedOneInputStreamOperatorTestHarness<String, EventRecord, FindingRecord> h) {
    return h.extractOutputValues().stream().map(SequenceAnalyzer::sequence).toList();
  }

  @Test
  void holdsEventsUntilTheWatermarkPassesThenAnalysesThemInEventTimeOrder() throws Exception {
    open();
    send("transcript", "e3", "r-1", T0 + 3000);
    send("transcript", "e1", "r-1", T0 + 1000);
    send("chat", "e2", "r-1", T0 + 2000);
    assertThat(harness.extractOutputValues()).isEmpty();

    harness.processWatermark(T0 + 2000);
    assertThat(sequences(harness)).containsExactly("e1", "e1 e2");

    harness.processWatermark(T0 + 10_000);
    assertThat(sequences(harness)).containsExactly("e1", "e1 e2", "e1 e2 e3");
  }

  @Test
  void analysesEventsOfTheSameInstantInArrivalOrder() throws Exception {
    open();
    send("transcript", "b", "r-1", T0);
    send("transcript", "a", "r-1", T0);
    send("transcript", "c", "r-1", T0);
    harness.processWatermark(T0);
    assertThat(sequences(harness)).containsExactly("b", "b a", "b a c");
  }

  @Test
  void analysesALateEventAtOnceInsteadOfDroppingIt() throws Exception {
    open();
    send("transcript", "e5", "r-1", T0 + 5000);
    harness.processWatermark(T0 + 5000);
    send("transcript", "e1", "r-1", T0 + 1000);
    assertThat(sequences(harness)).containsExactly("e5", "e5 e1");
  }

  @Test
  void keepsEachRoomsStateApart() throws Exception {
    open();
    send("transcript", "a1", "r-a", T0 + 1);
    send("transcript", "b1", "r-b", T0 + 2);
    send("transcript", "a2", "r-a", T0 + 3);
    harness.processWatermark(T0 + 3);
    assertThat(sequences(harness)).containsExactly("a1", "b1", "a1 a2");
  }

  @Test
  void dropsAnEventDeliveredTwiceWhetherPendingOrDone() throws Exception {
    open();
    send("transcript", "e1", "r-1", T0 + 1000);
    send("transcript", "e1", "r-1", T0 + 1000);
    harness.processWatermark(T0 + 1000);
    send("transcript", "e1", "r-1", T0 + 1000);
    send("transcript", "e2", "r-1", T0 + 2000);
    harness.processWatermark(T0 + 2000);
    assertThat(sequences(harness)).containsExactly("e1", "e1 e2");
  }

  @Test
  void releasesTheAnalyzerStateWhenTheSessionEnds() throws Exception {
    open();
    send("transcript", "e1", "r-1", T0 + 1);
    send("session_ended", "end", "r-1", T0 + 2);
    send("transcript", "e3", "r-1", T0 + 3);
    harness.processWatermark(T0 + 3);
    assertThat(sequences(harness)).containsExactly("e1", "e3");
  }

  @Test
  void forgetsARoomThatStayedQuietLongerThanTheTtl() throws Exception {
    open();
    send("transcript", "e1", "r-1", T0 + 1);
    harness.processWatermark(T0 + 1);
    assertThat(harness.numKeyedStateEntries()).isEqualTo(2); // analysis + recent ids

    harness.setStateTtlProcessingTime(TTL.toMillis() - 1);
    send("transcript", "e2", "r-1", T0 + 2);
    harness.processWatermark(T0 + 2);
    assertThat(sequences(harness)).containsExactly("e1", "e1 e2");

    // Quiet for a whole TTL after its last write: the room starts over, its state expired.
    harness.setStateTtlProcessingTime(TTL.toMillis() - 1 + TTL.toMillis() + 1);
    send("transcript", "e3", "r-1", T0 + 3);
    harness.processWatermark(T0 + 3);
    assertThat(sequences(harness)).containsExactly("e1", "e1 e2", "e3");
  }

  @Test
  void aFullSnapshotLeavesOutTheStateOfRoomsPastTheirTtl() throws Exception {
    open();
    send("transcript", "a1", "r-a", T0 + 1);
    harness.processWatermark(T0 + 1);
    harness.setStateTtlProcessingTime(TTL.toMillis() / 2);
    send("transcript", "b1", "r-b", T0 + 2);
    harness.processWatermark(T0 + 2);
    harness.setStateTtlProcessingTime(TTL.toMillis() + 1);
    OperatorSubtaskState snapshot = harness.snapshot(1, 1);

    var restored = newHarness();
    restored.setStateTtlProcessingTime(TTL.toMillis() + 1);
    restored.initializeState(snapshot);
    restored.open();
    try {
      assertThat(restored.numKeyedStateEntries()).isEqualTo(2); // only room b's two states
      send(restored, "transcript", "b2", "r-b", T0 + 3);
      send(restored, "transcript", "a2", "r-a", T0 + 4);
      restored.processWatermark(T0 + 4);
      assertThat(sequences(restored)).containsExactly("b1 b2", "a2");
    } finally {
      restored.close();
    }
  }

  @Test
  void aSnapshotTakenMidSessionRestoresStateAndPendingEvents() throws Exception {
    open();
    send("transcript", "e1", "r-1", T0 + 1000);
    send("transcript", "e2", "r-1", T0 + 2000);
    harness.processWatermark(T0 + 1000);
    send("transcript", "e4", "r-1", T0 + 4000);
    OperatorSubtaskState snapshot = harness.snapshot(1, 1);
    assertThat(sequences(harness)).containsExactly("e1");
    harness.close();

    harness = newHarness();
    harness.setStateTtlProcessingTime(0);
    harness.initializeState(snapshot);
    harness.open();
    send("transcript", "e3", "r-1", T0 + 3000);
    send("transcript", "e2", "r-1", T0 + 2000); // redelivered after restore: a duplicate
    harness.processWatermark(T0 + 5000);
    assertThat(sequences(harness)).containsExactly("e1 e2", "e1 e2 e3", "e1 e2 e3 e4");
  }
}

package io.liveguard.stream.job;

import static io.liveguard.stream.testing.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.stream.reference.ReferenceUpdate;
import io.liveguard.stream.testing.Events;
import io.liveguard.stream.testing.SequenceAnalyzer;
import io.liveguard.stream.topic.EventRecord;
import io.liveguard.stream.topic.FindingRecord;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The keyed function through Flink's operator harness: state, event-time timers and TTL. */
class RoomAnalysisFunctionTest {

  private static final Duration TTL = Duration.ofHours(6);

  private KeyedBroadcastOperatorTestHarness<String, EventRecord, ReferenceUpdate, FindingRecord>
      harness;

  @AfterEach
  void close() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  private static KeyedBroadcastOperatorTestHarness<
          String, EventRecord, ReferenceUpdate, FindingRecord>
      newHarness() throws Exception {
    return new KeyedBroadcastOperatorTestHarness<>(
        new CoBroadcastWithKeyedOperator<>(
            new RoomAnalysisFunction<>(new SequenceAnalyzer(), TTL),
            List.of(RoomAnalysisFunction.REFERENCE)),
        EventRecord::key,
        Types.STRING,
        1,
        1,
        0);
  }

  /** Entries in the operator's keyed state (heap backend), over all rooms and states. */
  private static int keyedEntries(
      KeyedBroadcastOperatorTestHarness<String, EventRecord, ReferenceUpdate, FindingRecord> h) {
    var op = (org.apache.flink.streaming.api.operators.AbstractStreamOperator<?>) h.getOperator();
    return ((org.apache.flink.runtime.state.heap.HeapKeyedStateBackend<?>)
            op.getKeyedStateBackend())
        .numKeyValueStateEntries();
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
      KeyedBroadcastOperatorTestHarness<String, EventRecord, ReferenceUpdate, FindingRecord> h,
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
      KeyedBroadcastOperatorTestHarness<String, EventRecord, ReferenceUpdate, FindingRecord> h) {
    return h.extractOutputValues().stream().map(SequenceAnalyzer::sequence).toList();
  }

  @Test
  void holdsEventsUntilTheWatermarkPassesThenAnalysesThemInEventTimeOrder() throws Exception {
    open();
    send("transcript", "e3", "r-1", T0 + 3000);
    send("transcript", "e1", "r-1", T0 + 1000);
    send("chat", "e2", "r-1", T0 + 2000);
    assertThat(harness.extractOutputValues()).isEmpty();

    harness.watermark(T0 + 2000);
    assertThat(sequences(harness)).containsExactly("e1", "e1 e2");

    harness.watermark(T0 + 10_000);
    assertThat(sequences(harness)).containsExactly("e1", "e1 e2", "e1 e2 e3");
  }

  @Test
  void analysesEventsOfTheSameInstantInArrivalOrder() throws Exception {
    open();
    send("transcript", "b", "r-1", T0);
    send("transcript", "a", "r-1", T0);
    send("transcript", "c", "r-1", T0);
    harness.watermark(T0);
    assertThat(sequences(harness)).containsExactly("b", "b a", "b a c");
  }

  @Test
  void analysesALateEventAtOnceInsteadOfDroppingIt() throws Exception {
    open();
    send("transcript", "e5", "r-1", T0 + 5000);
    harness.watermark(T0 + 5000);
    send("transcript", "e1", "r-1", T0 + 1000);
    assertThat(sequences(harness)).containsExactly("e5", "e5 e1");
  }

  @Test
  void keepsEachRoomsStateApart() throws Exception {
    open();
    send("transcript", "a1", "r-a", T0 + 1);
    send("transcript", "b1", "r-b", T0 + 2);
    send("transcript", "a2", "r-a", T0 + 3);
    harness.watermark(T0 + 3);
    assertThat(sequences(harness)).containsExactly("a1", "b1", "a1 a2");
  }

  @Test
  void dropsAnEventDeliveredTwiceWhetherPendingOrDone() throws Exception {
    open();
    send("transcript", "e1", "r-1", T0 + 1000);
    send("transcript", "e1", "r-1", T0 + 1000);
    harness.watermark(T0 + 1000);
    send("transcript", "e1", "r-1", T0 + 1000);
    send("transcript", "e2", "r-1", T0 + 2000);
    harness.watermark(T0 + 2000);
    assertThat(sequences(harness)).containsExactly("e1", "e1 e2");
  }

  @Test
  void releasesTheAnalyzerStateWhenTheSessionEnds() throws Exception {
    open();
    send("transcript", "e1", "r-1", T0 + 1);
    send("session_ended", "end", "r-1", T0 + 2);
    send("transcript", "e3", "r-1", T0 + 3);
    harness.watermark(T0 + 3);
    assertThat(sequences(harness)).containsExactly("e1", "e3");
  }

  @Test
  void forgetsARoomThatStayedQuietLongerThanTheTtl() throws Exception {
    open();
    send("transcript", "e1", "r-1", T0 + 1);
    harness.watermark(T0 + 1);
    assertThat(keyedEntries(harness)).isEqualTo(2); // analysis + recent ids

    harness.setStateTtlProcessingTime(TTL.toMillis() - 1);
    send("transcript", "e2", "r-1", T0 + 2);
    harness.watermark(T0 + 2);
    assertThat(sequences(harness)).containsExactly("e1", "e1 e2");

    // Quiet for a whole TTL after its last write: the room starts over, its state expired.
    harness.setStateTtlProcessingTime(TTL.toMillis() - 1 + TTL.toMillis() + 1);
    send("transcript", "e3", "r-1", T0 + 3);
    harness.watermark(T0 + 3);
    assertThat(sequences(harness)).containsExactly("e1", "e1 e2", "e3");
  }

  @Test
  void aFullSnapshotLeavesOutTheStateOfRoomsPastTheirTtl() throws Exception {
    open();
    send("transcript", "a1", "r-a", T0 + 1);
    harness.watermark(T0 + 1);
    harness.setStateTtlProcessingTime(TTL.toMillis() / 2);
    send("transcript", "b1", "r-b", T0 + 2);
    harness.watermark(T0 + 2);
    harness.setStateTtlProcessingTime(TTL.toMillis() + 1);
    OperatorSubtaskState snapshot = harness.snapshot(1, 1);

    var restored = newHarness();
    restored.setStateTtlProcessingTime(TTL.toMillis() + 1);
    restored.initializeState(snapshot);
    restored.open();
    try {
      assertThat(keyedEntries(restored)).isEqualTo(2); // only room b's two states
      send(restored, "transcript", "b2", "r-b", T0 + 3);
      send(restored, "transcript", "a2", "r-a", T0 + 4);
      restored.watermark(T0 + 4);
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
    harness.watermark(T0 + 1000);
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
    harness.watermark(T0 + 5000);
    assertThat(sequences(harness)).containsExactly("e1 e2", "e1 e2 e3", "e1 e2 e3 e4");
  }

  @Test
  void dueEventsWaitForTheRequiredReferenceDataThenGoInEventTimeOrder() throws Exception {
    harness =
        new KeyedBroadcastOperatorTestHarness<>(
            new CoBroadcastWithKeyedOperator<>(
                new RoomAnalysisFunction<>(new SequenceAnalyzer(), TTL, java.util.Set.of("rules")),
                List.of(RoomAnalysisFunction.REFERENCE)),
            EventRecord::key,
            Types.STRING,
            1,
            1,
            0);
    harness.setStateTtlProcessingTime(0);
    harness.open();
    send("transcript", "e2", "r-1", T0 + 2000);
    send("transcript", "e1", "r-1", T0 + 1000);
    harness.watermark(T0 + 5000);
    send("transcript", "e3", "r-1", T0 + 3000); // late, and still no reference data
    harness.setProcessingTime(RoomAnalysisFunction.REFERENCE_RETRY_MS + 1);
    assertThat(harness.extractOutputValues()).isEmpty();

    // an unknown kind does not make the job ready
    harness.processBroadcastElement(new ReferenceUpdate("watch-list", 1, "{}"), T0);
    harness.setProcessingTime(3 * RoomAnalysisFunction.REFERENCE_RETRY_MS);
    assertThat(harness.extractOutputValues()).isEmpty();

    harness.processBroadcastElement(new ReferenceUpdate("rules", 1, "{\"version\":1}"), T0);
    harness.setProcessingTime(5 * RoomAnalysisFunction.REFERENCE_RETRY_MS);
    assertThat(sequences(harness)).containsExactly("e1", "e1 e2", "e1 e2 e3");
    // from now on an event is analysed when the watermark passes it, as without reference data
    send("transcript", "e4", "r-1", T0 + 6000);
    harness.watermark(T0 + 6000);
    assertThat(sequences(harness)).endsWith("e1 e2 e3 e4");
  }

  @Test
  void aMalformedRuleOverlayIsRefusedAndThePreviousDataStays() throws Exception {
    open();
    harness.processBroadcastElement(
        new ReferenceUpdate("rules", 1, "{\"version\":1,\"disabled\":[\"ABS-PRICE\"]}"), T0);
    harness.processBroadcastElement(
        new ReferenceUpdate("rules", 2, "{\"version\":2,\"disabled\":\"ABS-PRICE\"}"), T0);
    var held = harness.getBroadcastState(RoomAnalysisFunction.REFERENCE).get("rules");
    assertThat(held.version()).isEqualTo(1);
  }
}

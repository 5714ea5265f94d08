package io.liveguard.stream.analysis;

import static io.liveguard.stream.testing.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.stream.embedded.EmbeddedPipeline;
import io.liveguard.stream.testing.Events;
import io.liveguard.stream.testing.SessionFixtures;
import io.liveguard.stream.topic.EventRecord;
import io.liveguard.stream.topic.FindingRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class SessionRoomAnalyzerTest {

  private static Map<String, List<String>> byRoom(List<FindingRecord> findings) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (FindingRecord f : findings) {
      out.computeIfAbsent(f.key(), k -> new ArrayList<>()).add(f.toJson());
    }
    return out;
  }

  @Test
  void perRoomAnalyzersGiveTheFindingsOfOneEmbeddedSessionAnalyzer() throws Exception {
    List<String> values = SessionFixtures.interleave(SessionFixtures.sessions());
    EmbeddedPipeline<RoomLog> pipeline = new EmbeddedPipeline<>(new SessionRoomAnalyzer());
    List<FindingRecord> found = new ArrayList<>();
    for (String v : values) {
      EventRecord e;
      try {
        e = Events.record(v);
      } catch (IllegalArgumentException unreadable) {
        continue; // the fixtures hold a few invalid events on purpose
      }
      found.addAll(pipeline.accept(e));
    }
    Map<String, List<String>> expected = SessionFixtures.embedded(values);
    assertThat(expected.keySet()).hasSizeGreaterThan(10);
    assertThat(byRoom(found)).containsExactlyInAnyOrderEntriesOf(expected);
  }

  @Test
  void aFreshTaskRebuildsTheAnalyzerFromTheLogAndRaisesTheSameFindings() throws Exception {
    for (List<String> session : SessionFixtures.sessions()) {
      List<FindingRecord> uninterrupted = new ArrayList<>();
      SessionRoomAnalyzer one = new SessionRoomAnalyzer();
      RoomLog state = null;
      session = readable(session);
      for (String v : session) {
        EventRecord e = Events.record(v);
        Outcome<RoomLog> o = one.analyze(state == null ? one.start(e.key()) : state, e);
        state = o.state();
        uninterrupted.addAll(o.findings());
      }

      List<FindingRecord> restored = new ArrayList<>();
      SessionRoomAnalyzer before = new SessionRoomAnalyzer();
      state = null;
      int half = session.size() / 2;
      for (int i = 0; i < session.size(); i++) {
        // Halfway, the task fails over: a new analyzer object with an empty cache, same state.
        SessionRoomAnalyzer a = i < half ? before : afterRestore(i, half);
        EventRecord e = Events.record(session.get(i));
        Outcome<RoomLog> o = a.analyze(state == null ? a.start(e.key()) : state, e);
        state = o.state();
        restored.addAll(o.findings());
      }
      assertThat(restored).as(session.get(0)).isEqualTo(uninterrupted);
    }
  }

  private static List<String> readable(List<String> values) {
    List<String> out = new ArrayList<>();
    for (String v : values) {
      try {
        Events.record(v);
        out.add(v);
      } catch (IllegalArgumentException unreadable) {
        // skipped, as the job rejects it
      }
    }
    return out;
  }

  private SessionRoomAnalyzer restoredAnalyzer;

  private SessionRoomAnalyzer afterRestore(int i, int half) {
    if (i == half) {
      restoredAnalyzer = new SessionRoomAnalyzer();
    }
    return restoredAnalyzer;
  }

  @Test
  void keepsEveryEventUntilFullThenDropsTheOldestTextsFirst() {
    SessionRoomAnalyzer a = new SessionRoomAnalyzer();
    RoomLog s = a.start("k");
    String listing = Events.listing("l-1", "r", "s", T0, "纯棉T恤", "apparel");
    s = a.analyze(s, Events.record(listing)).state();
    List<String> texts = new ArrayList<>();
    for (int i = 0; s.chars() < SessionRoomAnalyzer.MAX_LOG_CHARS - 1000; i++) {
      String t = Events.text("transcript", "t-" + i, "r", "s", T0 + 1000L * i, "家人们".repeat(20));
      texts.add(t);
      s = a.analyze(s, Events.record(t)).state();
    }
    assertThat(s.events()).hasSize(texts.size() + 1).startsWith(listing);
    for (int i = texts.size(); i < texts.size() + 20; i++) {
      String t = Events.text("transcript", "t-" + i, "r", "s", T0 + 1000L * i, "家人们".repeat(20));
      s = a.analyze(s, Events.record(t)).state();
    }
    assertThat(s.events()[0]).isEqualTo(listing);
    assertThat(s.events()[1]).isNotEqualTo(texts.get(0));
    assertThat(s.chars()).isLessThanOrEqualTo(SessionRoomAnalyzer.MAX_LOG_CHARS);
    assertThat(s.accepted()).isEqualTo(texts.size() + 21);
    assertThat(s.epoch()).isEqualTo("l-1");
  }

  @Test
  void aLongSessionStaysUnder64KilobytesOfState() throws Exception {
    SessionRoomAnalyzer a = new SessionRoomAnalyzer();
    TypeSerializer<RoomLog> serializer = a.stateType().createSerializer(new SerializerConfigImpl());
    Map<String, RoomLog> states = new HashMap<>();
    int largest = 0;
    DataOutputSerializer out = new DataOutputSerializer(1 << 16);
    for (String v : Events.sessions(2, 1500, 5L)) {
      EventRecord e = Events.record(v);
      RoomLog s = a.analyze(states.getOrDefault(e.key(), a.start(e.key())), e).state();
      states.put(e.key(), s);
      out.clear();
      serializer.serialize(s, out);
      largest = Math.max(largest, out.length());
    }
    assertThat(largest).isLessThan(64 * 1024);
    assertThat(states.values())
        .allSatisfy(
            s -> assertThat(s.chars()).isLessThanOrEqualTo(SessionRoomAnalyzer.MAX_LOG_CHARS));
  }
}

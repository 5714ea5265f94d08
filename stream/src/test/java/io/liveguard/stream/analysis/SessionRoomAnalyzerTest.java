package io.liveguard.stream.analysis;

import static io.liveguard.stream.testing.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liveguard.detect.price.PriceModel;
import io.liveguard.stream.embedded.EmbeddedPipeline;
import io.liveguard.stream.testing.Events;
import io.liveguard.stream.testing.SessionFixtures;
import io.liveguard.stream.topic.EventRecord;
import io.liveguard.stream.topic.FindingRecord;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class SessionRoomAnalyzerTest {

  private static final TypeSerializer<RoomSession> SERIALIZER =
      new SessionRoomAnalyzer().stateType().createSerializer(new SerializerConfigImpl());

  private static Map<String, List<String>> byRoom(List<FindingRecord> findings) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (FindingRecord f : findings) {
      out.computeIfAbsent(f.key(), k -> new ArrayList<>()).add(f.toJson());
    }
    return out;
  }

  /** The state as a checkpoint holds it, read back as a restored task does. */
  private static RoomSession throughCheckpoint(RoomSession state) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(1 << 12);
    SERIALIZER.serialize(state, out);
    return SERIALIZER.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
  }

  @Test
  void perRoomAnalyzersGiveTheFindingsOfOneEmbeddedSessionAnalyzer() throws Exception {
    List<String> values = SessionFixtures.interleave(SessionFixtures.sessions());
    EmbeddedPipeline<RoomSession> pipeline = new EmbeddedPipeline<>(new SessionRoomAnalyzer());
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

  /** The rules raised by a room's two events analysed with {@code reference}. */
  private static List<String> cueRules(io.liveguard.stream.reference.ReferenceData reference) {
    SessionRoomAnalyzer a = new SessionRoomAnalyzer();
    List<String> rules = new ArrayList<>();
    RoomSession state = null;
    for (String v :
        List.of(
            Events.listing("m-1", "r-m", "s-m", T0, "小香风链条包", "luxury"),
            Events.text("transcript", "m-2", "r-m", "s-m", T0 + 60_000, "这个包和原版一模一样"))) {
      EventRecord e = Events.record(v);
      Outcome<RoomSession> o = a.analyze(state == null ? a.start(e.key()) : state, e, reference);
      state = o.state();
      o.findings().forEach(f -> rules.add(f.rule()));
    }
    return rules;
  }

  @Test
  void aModelRuleTheOverlayDisablesRaisesNothing() {
    assertThat(cueRules(io.liveguard.stream.reference.ReferenceData.NONE))
        .contains("CF-BRAND-CUE-LOW-PRICE");
    var overlay =
        io.liveguard.stream.reference.ReferenceData.of(
            Map.of(
                io.liveguard.stream.reference.ReferenceData.RULES,
                io.liveguard.stream.reference.ReferenceData.rulesJson(
                    3, java.util.Set.of("CF-BRAND-CUE-LOW-PRICE"), Map.of(), Map.of())));
    assertThat(cueRules(overlay)).doesNotContain("CF-BRAND-CUE-LOW-PRICE");
  }

  private static List<FindingRecord> run(List<String> session, int restoreAt) throws IOException {
    SessionRoomAnalyzer a = new SessionRoomAnalyzer();
    RoomSession state = null;
    List<FindingRecord> out = new ArrayList<>();
    for (int i = 0; i < session.size(); i++) {
      EventRecord e = Events.record(session.get(i));
      if (i == restoreAt && state != null) {
        state = throughCheckpoint(state);
      }
      Outcome<RoomSession> o = a.analyze(state == null ? a.start(e.key()) : state, e);
      state = o.state();
      out.addAll(o.findings());
    }
    return out;
  }

  @Test
  void aTaskRestoredFromACheckpointAtAnyEventRaisesTheFindingsOfTheUninterruptedRun()
      throws Exception {
    int findings = 0;
    for (List<String> session : SessionFixtures.sessions()) {
      session = readable(session);
      List<FindingRecord> uninterrupted = run(session, -1);
      findings += uninterrupted.size();
      for (int cut = 1; cut < session.size(); cut++) {
        assertThat(run(session, cut)).as(session.get(0) + " at " + cut).isEqualTo(uninterrupted);
      }
    }
    assertThat(findings).isGreaterThan(20);
  }

  @Test
  void aLongSessionRestoresExactlyWhereTheOldBoundedEventLogCouldNot() throws Exception {
    long seed = new Random().nextLong();
    List<String> session = longSession(seed, 2_500);
    long chars = session.stream().mapToLong(String::length).sum();
    assertThat(chars).as("seed %d", seed).isGreaterThan(100_000); // 5× the old 20,000-char log
    List<FindingRecord> uninterrupted = run(session, -1);
    // "仅限今天" in the first minute, contradicted by the price charged the next day
    assertThat(uninterrupted)
        .as("seed %d", seed)
        .anySatisfy(
            f -> {
              assertThat(f.finding()).contains(PriceModel.TIME_LIMIT);
              assertThat(f.events()).contains("t-0", "p-next-day");
            });
    Random r = new Random(seed);
    for (int k = 0; k < 3; k++) {
      int cut = session.size() / 2 + r.nextInt(session.size() / 2);
      assertThat(run(session, cut)).as("seed %d, cut %d", seed, cut).isEqualTo(uninterrupted);
    }
  }

  /**
   * One room's evening: a listing, a "仅限今天" claim, {@code n} events of speech, chat, screen text
   * and checkout prices, then the next day's price.
   */
  static List<String> longSession(long seed, int n) {
    List<String> out = new ArrayList<>();
    out.add(Events.listing("l-0", "r-long", "s-1", T0, "顶级纯棉T恤", "apparel"));
    out.add(Events.text("transcript", "t-0", "r-long", "s-1", T0 + 30_000, "这个价格仅限今天，最后一波了"));
    Random r = new Random(seed);
    List<String> filler = Events.sessions(1, n, seed);
    for (int i = 0; i < filler.size(); i++) {
      long at = T0 + 60_000 + 2_000L * i;
      if (r.nextInt(25) == 0) {
        out.add(price("p-" + i, "r-long", "s-1", at, "checkout", "99"));
      } else {
        String v = filler.get(i);
        EventRecord e = Events.record(v);
        // the same event, moved into this room and onto this evening's clock
        out.add(
            v.replace("\"room\":\"" + e.key().substring(7) + "\"", "\"room\":\"r-long\"")
                .replace("\"session\":\"" + e.session() + "\"", "\"session\":\"s-1\"")
                .replace(
                    Instant.ofEpochMilli(e.at()).toString(), Instant.ofEpochMilli(at).toString())
                .replace("\"id\":\"" + e.id() + "\"", "\"id\":\"f-" + i + "\""));
      }
    }
    out.add(price("p-next-day", "r-long", "s-2", T0 + 86_400_000L, "listing", "99"));
    return out;
  }

  private static String price(
      String id, String room, String session, long at, String source, String amount) {
    return "{\"id\":\""
        + id
        + "\",\"type\":\"price\",\"platform\":\"douyin\",\"room\":\""
        + room
        + "\",\"session\":\""
        + session
        + "\",\"at\":\""
        + Instant.ofEpochMilli(at)
        + "\",\"listing\":\"L-1\",\"price\":\""
        + amount
        + "\",\"currency\":\"CNY\",\"source\":\""
        + source
        + "\"}";
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

  @Test
  void aCopyIsDeepAndTheSerializerConfigurationRestoresTheSameSerializer() throws Exception {
    SessionRoomAnalyzer a = new SessionRoomAnalyzer();
    List<String> session = longSession(1L, 100);
    RoomSession state = a.start("douyin/r-long");
    for (String v : session.subList(0, 50)) {
      state = a.analyze(state, Events.record(v)).state();
    }
    RoomSession copy = SERIALIZER.copy(state);
    byte[] before = copy.snapshot();
    assertThat(before).isEqualTo(state.snapshot());
    for (String v : session.subList(50, 100)) {
      state = a.analyze(state, Events.record(v)).state();
    }
    assertThat(copy.snapshot()).isEqualTo(before).isNotEqualTo(state.snapshot());

    DataOutputSerializer out = new DataOutputSerializer(64);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, SERIALIZER.snapshotConfiguration());
    TypeSerializerSnapshot<RoomSession> read =
        TypeSerializerSnapshot.readVersionedSnapshot(
            new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
    assertThat(read.restoreSerializer()).isSameAs(SERIALIZER);
    assertThat(
            SERIALIZER.snapshotConfiguration().resolveSchemaCompatibility(read).isCompatibleAsIs())
        .isTrue();
  }

  @Test
  void aCorruptCheckpointFailsTheRestoreWithTheReason() {
    DataInputDeserializer negative = new DataInputDeserializer(new byte[] {-1, -1, -1, -2});
    assertThatThrownBy(() -> SERIALIZER.deserialize(negative))
        .isInstanceOf(IOException.class)
        .hasMessage("room session state of -2 bytes: corrupt length");
    DataInputDeserializer garbage =
        new DataInputDeserializer(new byte[] {0, 0, 0, 4, 'j', 'u', 'n', 'k'});
    assertThatThrownBy(() -> SERIALIZER.deserialize(garbage))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a session analyzer snapshot");
  }

  @Test
  void longSessionsStayUnder64KilobytesOfState() throws Exception {
    SessionRoomAnalyzer a = new SessionRoomAnalyzer();
    Map<String, RoomSession> states = new HashMap<>();
    int largest = 0;
    int i = 0;
    for (String v : Events.sessions(2, 1500, 5L)) {
      EventRecord e = Events.record(v);
      RoomSession s = a.analyze(states.getOrDefault(e.key(), a.start(e.key())), e).state();
      states.put(e.key(), s);
      if (++i % 10 == 0) {
        DataOutputSerializer out = new DataOutputSerializer(1 << 16);
        SERIALIZER.serialize(s, out);
        largest = Math.max(largest, out.length());
      }
    }
    assertThat(largest).isGreaterThan(1024).isLessThan(64 * 1024);
  }
}

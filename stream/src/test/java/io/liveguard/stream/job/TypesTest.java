package io.liveguard.stream.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.stream.analysis.TextCheckAnalyzer;
import io.liveguard.stream.analysis.TextCheckState;
import io.liveguard.stream.topic.EventRecord;
import io.liveguard.stream.topic.FindingRecord;
import io.liveguard.stream.topic.Inbound;
import io.liveguard.stream.topic.Rejection;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Everything that crosses the network or lives in state is a Flink POJO, never Kryo. */
class TypesTest {

  @ParameterizedTest
  @ValueSource(
      classes = {
        EventRecord.class,
        FindingRecord.class,
        Inbound.class,
        Rejection.class,
        RecentIds.class,
        TextCheckState.class,
        io.liveguard.stream.reference.ReferenceUpdate.class
      })
  void isSerializedAsAPojo(Class<?> type) {
    assertThat(TypeInformation.of(type)).isInstanceOf(PojoTypeInfo.class);
  }

  @Test
  void theSessionStateHasItsOwnSerializerNotKryo() {
    var type = new io.liveguard.stream.analysis.SessionRoomAnalyzer().stateType();
    assertThat(type).isNotInstanceOf(org.apache.flink.api.java.typeutils.GenericTypeInfo.class);
    assertThat(type.createSerializer(new SerializerConfigImpl()))
        .isSameAs(io.liveguard.stream.analysis.RoomSessionSerializer.INSTANCE);
  }

  @Test
  void theStandInStateRoundTripsThroughItsSerializer() throws Exception {
    TypeSerializer<TextCheckState> s =
        new TextCheckAnalyzer().stateType().createSerializer(new SerializerConfigImpl());
    TextCheckState state = new TextCheckState("s-1", 42, "cosmetics", 1_700_000_000_000L);
    DataOutputSerializer out = new DataOutputSerializer(64);
    s.serialize(state, out);
    assertThat(out.length()).isLessThan(64 * 1024);
    assertThat(s.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()))).isEqualTo(state);

    TextCheckState withNull = new TextCheckState("s-1", 1, null, 0);
    out.clear();
    s.serialize(withNull, out);
    assertThat(s.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()))).isEqualTo(withNull);
  }
}

package io.liveguard.stream.analysis;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink's type information of {@link RoomSession}: its own serializer, never Kryo. */
public final class RoomSessionType extends TypeInformation<RoomSession> {

  private static final long serialVersionUID = 1L;

  @Override
  public boolean isBasicType() {
    return false;
  }

  @Override
  public boolean isTupleType() {
    return false;
  }

  @Override
  public int getArity() {
    return 1;
  }

  @Override
  public int getTotalFields() {
    return 1;
  }

  @Override
  public Class<RoomSession> getTypeClass() {
    return RoomSession.class;
  }

  @Override
  public boolean isKeyType() {
    return false;
  }

  @Override
  public TypeSerializer<RoomSession> createSerializer(SerializerConfig config) {
    return RoomSessionSerializer.INSTANCE;
  }

  @Override
  public String toString() {
    return "RoomSession";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RoomSessionType;
  }

  @Override
  public int hashCode() {
    return RoomSessionType.class.hashCode();
  }

  @Override
  public boolean canEqual(Object o) {
    return o instanceof RoomSessionType;
  }
}

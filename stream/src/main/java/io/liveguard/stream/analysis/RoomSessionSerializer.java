package io.liveguard.stream.analysis;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's serializer of {@link RoomSession}: a length and the analyzer's snapshot bytes. The bytes
 * carry their own layout version ({@code SessionAnalyzer.SNAPSHOT_VERSION}); a build that cannot
 * read a checkpoint's version fails the restore with a message naming both versions rather than
 * guess.
 *
 * <p>{@link #copy(RoomSession)} is a deep copy through the snapshot: the heap backend calls it only
 * for a room written to while an asynchronous checkpoint of it is in progress.
 */
public final class RoomSessionSerializer extends TypeSerializerSingleton<RoomSession> {

  private static final long serialVersionUID = 1L;

  /** The serializer (stateless). */
  public static final RoomSessionSerializer INSTANCE = new RoomSessionSerializer();

  /** Largest snapshot read back (a corrupt length fails instead of allocating it). */
  static final int MAX_BYTES = 64 * 1024 * 1024;

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public RoomSession createInstance() {
    return new RoomSession(SessionRoomAnalyzer.newAnalyzer());
  }

  @Override
  public RoomSession copy(RoomSession from) {
    return RoomSession.restore(from.snapshot());
  }

  @Override
  public RoomSession copy(RoomSession from, RoomSession reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(RoomSession record, DataOutputView target) throws IOException {
    byte[] b = record.snapshot();
    target.writeInt(b.length);
    target.write(b);
  }

  @Override
  public RoomSession deserialize(DataInputView source) throws IOException {
    return RoomSession.restore(read(source));
  }

  @Override
  public RoomSession deserialize(RoomSession reuse, DataInputView source) throws IOException {
    return deserialize(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    byte[] b = read(source);
    target.writeInt(b.length);
    target.write(b);
  }

  private static byte[] read(DataInputView source) throws IOException {
    int n = source.readInt();
    if (n < 0 || n > MAX_BYTES) {
      throw new IOException("room session state of " + n + " bytes: corrupt length");
    }
    byte[] b = new byte[n];
    source.readFully(b);
    return b;
  }

  @Override
  public TypeSerializerSnapshot<RoomSession> snapshotConfiguration() {
    return new Snapshot();
  }

  /** The serializer's configuration snapshot (it has none; the bytes carry their version). */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<RoomSession> {
    /** For Flink's reflection. */
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}

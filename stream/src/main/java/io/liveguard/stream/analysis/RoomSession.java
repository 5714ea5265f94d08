package io.liveguard.stream.analysis;

import io.liveguard.detect.session.SessionAnalyzer;
import java.util.Objects;

/**
 * The per-room state of {@link SessionRoomAnalyzer}: the room's own {@link SessionAnalyzer}, live.
 *
 * <p>Flink keeps this object as it is in heap state and writes it only when it checkpoints, through
 * {@link RoomSessionSerializer}: the analyzer's {@linkplain SessionAnalyzer#snapshot() snapshot},
 * versioned by {@code detect}. A restore, a rescale or the RocksDB backend reads the snapshot into
 * a new analyzer ({@link SessionAnalyzer#restore(byte[])}), which goes on exactly as the original
 * would have. Mutable and not thread-safe, like the analyzer: Flink hands each room's state to one
 * task thread.
 */
public final class RoomSession {

  private final SessionAnalyzer analyzer;

  RoomSession(SessionAnalyzer analyzer) {
    this.analyzer = Objects.requireNonNull(analyzer, "analyzer");
  }

  /** The room's analyzer. */
  SessionAnalyzer analyzer() {
    return analyzer;
  }

  /** The state as bytes ({@link SessionAnalyzer#snapshot()}). */
  public byte[] snapshot() {
    return analyzer.snapshot();
  }

  /**
   * The state read back from {@link #snapshot()}, with the bundled detector and rules.
   *
   * @throws IllegalArgumentException if the bytes are not a snapshot this version reads
   */
  public static RoomSession restore(byte[] snapshot) {
    return new RoomSession(SessionRoomAnalyzer.newAnalyzer().restore(snapshot));
  }
}

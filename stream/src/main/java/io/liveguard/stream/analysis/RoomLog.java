package io.liveguard.stream.analysis;

/**
 * The per-room state of {@link SessionRoomAnalyzer}: the events that the room's session analyzer
 * state can be rebuilt from, as their JSON, bounded in age and size.
 *
 * @param epoch id of the first event the room's log started with; with {@code accepted} it tells a
 *     cached analyzer whether it is still in step with this state
 * @param accepted how many events the room's analyzer has accepted since the log started
 * @param events the retained events' JSON, oldest first
 * @param times each retained event's time, epoch milliseconds, same order
 * @param texts whether each retained event is a text event (transcript, screen text, chat, script)
 */
public record RoomLog(String epoch, long accepted, String[] events, long[] times, boolean[] texts) {

  /** Total UTF-16 characters retained. */
  public long chars() {
    long n = 0;
    for (String e : events) {
      n += e.length();
    }
    return n;
  }
}

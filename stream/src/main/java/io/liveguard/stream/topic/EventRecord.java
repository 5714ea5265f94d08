package io.liveguard.stream.topic;

import io.liveguard.detect.event.Event;
import io.liveguard.detect.event.EventFormatException;
import io.liveguard.detect.event.EventJson;
import java.util.Objects;

/**
 * One event as carried through the job: the routing fields read from its JSON, and the JSON itself
 * untouched, so that the analyzer reads the same object the ingest API accepted.
 *
 * <p>This is a transport envelope around the event model ({@link Event}): the JSON stays the wire
 * and state format between operators, so Flink serializes a record of strings with its POJO
 * serializer (no Kryo for the sealed payload types), and a pending event in a checkpoint survives a
 * change of the event classes; {@link #event()} parses it again for the analyzer.
 *
 * @param key the room key {@code platform/room}: all events of a room share it
 * @param id the event id, the idempotency key
 * @param type the event type ({@code transcript}, {@code listing} …)
 * @param session the session (场次) id
 * @param at the event time in epoch milliseconds
 * @param json the event's JSON object as received
 */
public record EventRecord(
    String key, String id, String type, String session, long at, String json) {

  public EventRecord {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(json, "json");
  }

  /**
   * The room key of a platform and room id: {@code platform/room} ({@code /} is not an id char).
   */
  public static String roomKey(String platform, String room) {
    return platform + "/" + room;
  }

  /** The envelope of a parsed event and the JSON it was parsed from. */
  public static EventRecord of(Event e, String json) {
    return new EventRecord(
        roomKey(e.platform().id(), e.room()),
        e.id(),
        e.type(),
        e.session(),
        e.at().toEpochMilli(),
        json);
  }

  /**
   * Parses the JSON back into the event; it was accepted by {@link EventReader}, so a failure is a
   * bug (or a state written by an incompatible version), not bad input.
   *
   * @throws IllegalStateException if the JSON no longer parses
   */
  public Event event() {
    try {
      return EventJson.parse(json);
    } catch (EventFormatException e) {
      throw new IllegalStateException("event " + id + " no longer parses: " + e.getMessage(), e);
    }
  }
}

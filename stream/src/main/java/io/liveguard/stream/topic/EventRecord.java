package io.liveguard.stream.topic;

import java.util.Objects;

/**
 * One event as carried through the job: the routing fields read from its JSON, and the JSON itself
 * untouched, so that the analyzer reads the same object the ingest API accepted.
 *
 * <p>This is a transport envelope, not the event model: the analyzer decodes {@link #json()} into
 * its own event types. A public no-argument-free record with simple fields, so Flink serializes it
 * with its POJO serializer (no Kryo).
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
}

package io.liveguard.stream.client;

import io.liveguard.stream.topic.Topics;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A finding as read from the findings topic.
 *
 * @param id the deterministic finding id: store it under a unique key, and a replay or redelivery
 *     never makes a second lead
 * @param room the room key {@code platform/room}
 * @param session the session id
 * @param at the event time of the last cited event, ISO-8601 UTC
 * @param events the ids of the events it rests on
 * @param finding the finding JSON object ({@code FindingJson})
 * @param partition the partition it was read from
 * @param offset its offset
 */
public record PublishedFinding(
    String id,
    String room,
    String session,
    String at,
    List<String> events,
    String finding,
    int partition,
    long offset) {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  public PublishedFinding {
    events = List.copyOf(events);
  }

  /**
   * Parses a value of the findings topic.
   *
   * @throws IllegalArgumentException if it is not a {@value Topics#FINDING_SCHEMA} object
   */
  public static PublishedFinding parse(String value, int partition, long offset) {
    JsonNode n;
    try {
      n = JSON.readTree(value);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          "findings record at " + partition + "@" + offset + " is not JSON", e);
    }
    if (n == null || !n.isObject() || !Topics.FINDING_SCHEMA.equals(text(n, "schema"))) {
      throw new IllegalArgumentException(
          "findings record at "
              + partition
              + "@"
              + offset
              + " is not a "
              + Topics.FINDING_SCHEMA
              + " object");
    }
    List<String> events = new ArrayList<>();
    JsonNode e = n.get("events");
    if (e != null && e.isArray()) {
      e.forEach(x -> events.add(x.asString()));
    }
    JsonNode f = n.get("finding");
    return new PublishedFinding(
        text(n, "id"),
        text(n, "room"),
        text(n, "session"),
        text(n, "at"),
        events,
        f == null ? "{}" : f.toString(),
        partition,
        offset);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v != null && v.isString() ? v.stringValue() : null;
  }
}

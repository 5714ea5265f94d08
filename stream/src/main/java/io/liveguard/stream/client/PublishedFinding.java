package io.liveguard.stream.client;

import io.liveguard.detect.Channel;
import io.liveguard.detect.Finding;
import io.liveguard.detect.Provision;
import io.liveguard.detect.Severity;
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

  /**
   * The finding as the detection core's value, read back from {@link #finding()} (the shape {@code
   * FindingJson} writes), so that a consumer stores exactly what the embedded analysis stores.
   *
   * @throws IllegalArgumentException naming the field if the object is not such a finding
   */
  public Finding toFinding() {
    JsonNode n;
    try {
      n = JSON.readTree(finding);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("finding " + id + " is not JSON", e);
    }
    try {
      JsonNode span = n.get("span");
      if (span == null || !span.isArray() || span.size() != 2) {
        throw new IllegalArgumentException("field \"span\" must be [begin, end]");
      }
      List<Provision> provisions = new ArrayList<>();
      JsonNode ps = n.get("provisions");
      if (ps != null && ps.isArray()) {
        for (JsonNode p : ps) {
          provisions.add(
              new Provision(
                  required(p, "law"),
                  text(p, "version"),
                  p.path("article").asInt(0),
                  p.has("paragraph") ? p.get("paragraph").asInt() : null,
                  p.has("item") ? p.get("item").asInt() : null));
        }
      }
      List<Finding.Span> context = new ArrayList<>();
      JsonNode cs = n.get("context");
      if (cs != null && cs.isArray()) {
        for (JsonNode c : cs) {
          JsonNode cspan = c.get("span");
          context.add(
              new Finding.Span(cspan.get(0).asInt(), cspan.get(1).asInt(), required(c, "text")));
        }
      }
      return new Finding(
          required(n, "rule"),
          required(n, "category"),
          Severity.parse(required(n, "severity")),
          Channel.parse(required(n, "channel")),
          span.get(0).asInt(),
          span.get(1).asInt(),
          text(n, "matched"),
          text(n, "term"),
          provisions,
          text(n, "suggestion"),
          text(n, "rewrite"),
          context);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(
          "finding " + id + " at " + partition + "@" + offset + ": " + e.getMessage(), e);
    }
  }

  /**
   * What the finding's evidence must show besides the cited text (the price history behind a
   * fictitious original price, the listing a claim contradicts …), or {@code null}.
   */
  public String evidence() {
    try {
      JsonNode n = JSON.readTree(finding);
      return n == null ? null : text(n, "evidence");
    } catch (JacksonException e) {
      throw new IllegalArgumentException("finding " + id + " is not JSON", e);
    }
  }

  private static String required(JsonNode n, String field) {
    String v = text(n, field);
    if (v == null) {
      throw new IllegalArgumentException("field \"" + field + "\" is required");
    }
    return v;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v != null && v.isString() ? v.stringValue() : null;
  }
}

package io.liveguard.detect.event;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Something that happened in a live room: the unit everything in LiveGuard consumes, whether it
 * arrives through the ingest API, Kafka, the media pipeline or a replay file.
 *
 * <p>An event is valid once constructed: the constructor and those of the {@link Payload} types
 * check every limit and throw {@link IllegalArgumentException} with a message that names the JSON
 * field ({@code field "id": …}). {@link EventJson} parses untrusted JSON into events. Immutable and
 * thread-safe.
 *
 * @param id idempotency key: the same id delivered twice is the same event; 1–128 characters of
 *     {@code [A-Za-z0-9._:-]}
 * @param platform where the room is
 * @param room the room (直播间) id on that platform, same character set as {@code id}
 * @param session the session (场次) id within the room, same character set as {@code id}
 * @param at when it happened
 * @param payload what happened; its type gives the event's {@link #type()}
 */
public record Event(
    String id, Platform platform, String room, String session, Instant at, Payload payload) {

  /** The time zone of conduct dates and price windows: Asia/Shanghai. */
  public static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

  /** Earliest instant accepted (2000-01-01T00:00:00Z); earlier values are unit mistakes. */
  public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

  /** Latest instant accepted (2100-01-01T00:00:00Z). */
  public static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");

  public Event {
    Checks.id("id", id);
    if (platform == null) {
      throw Checks.bad("platform", "is required");
    }
    Checks.id("room", room);
    Checks.id("session", session);
    if (at == null) {
      throw Checks.bad("at", "is required");
    }
    if (at.isBefore(EARLIEST) || !at.isBefore(LATEST)) {
      throw Checks.bad("at", "must lie between the years 2000 and 2099, was " + at);
    }
    Objects.requireNonNull(payload, "payload");
  }

  /** The type identifier, e.g. {@code transcript}. */
  public String type() {
    return payload.type().id();
  }

  /** The date of the conduct in Asia/Shanghai, which picks the version of a renumbered law. */
  public LocalDate conductDate() {
    return LocalDate.ofInstant(at, CHINA);
  }
}

package io.liveguard.platform.analysis;

import io.liveguard.detect.event.Event;
import io.liveguard.detect.event.EventFormatException;
import io.liveguard.detect.event.EventJson;
import io.liveguard.detect.event.Payload;
import java.time.Instant;

/**
 * An event as read back from the event table for analysis; its JSON is parsed once, when the
 * analyzer or the evidence first asks for it.
 */
final class StoredEvent {
  private final long seq;
  private final String id;
  private final String type;
  private final String platform;
  private final String room;
  private final String session;
  private final Instant at;
  private final String body;
  private Event event;

  StoredEvent(
      long seq,
      String id,
      String type,
      String platform,
      String room,
      String session,
      Instant at,
      String body) {
    this.seq = seq;
    this.id = id;
    this.type = type;
    this.platform = platform;
    this.room = room;
    this.session = session;
    this.at = at;
    this.body = body;
  }

  long seq() {
    return seq;
  }

  String id() {
    return id;
  }

  String type() {
    return type;
  }

  String platform() {
    return platform;
  }

  String room() {
    return room;
  }

  String session() {
    return session;
  }

  Instant at() {
    return at;
  }

  String body() {
    return body;
  }

  String sessionKey() {
    return platform + "|" + room + "|" + session;
  }

  String roomKey() {
    return platform + "|" + room;
  }

  /** The event as the codec reads it (parsed on first use). */
  Event event() {
    if (event == null) {
      try {
        event = EventJson.parse(body);
      } catch (EventFormatException ex) {
        // Stored events passed the same codec at ingest; a failure here is a bug, not bad input.
        throw new IllegalStateException("stored event " + id + " no longer parses: " + ex, ex);
      }
    }
    return event;
  }

  /** The text a finding's offsets refer to: the spoken, shown, written or chat text. */
  String text() {
    Payload p = event().payload();
    if (p instanceof Payload.Transcript t) {
      return t.text();
    } else if (p instanceof Payload.ScreenText t) {
      return t.text();
    } else if (p instanceof Payload.Chat c) {
      return c.text();
    } else if (p instanceof Payload.Script s) {
      return s.text();
    }
    return null;
  }

  /** The listing's title, or null for other events. */
  String title() {
    return event().payload() instanceof Payload.Listing l ? l.title() : null;
  }

  /** The frame reference of a screen-text event, or null. */
  String frame() {
    return event().payload() instanceof Payload.ScreenText t ? t.frame() : null;
  }
}

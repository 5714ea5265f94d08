package io.liveguard.detect.event;

import java.util.Locale;

/** The types of events, one per {@link Payload} record. */
public enum EventType {
  /** A transcript segment of what was said (ASR or the platform's own). */
  TRANSCRIPT,
  /** Text read from the screen (OCR of a frame). */
  SCREEN_TEXT,
  /** A chat message (弹幕, 评论). */
  CHAT,
  /** A snapshot of a listing (商品) as shown in the room. */
  LISTING,
  /** An observed price of a listing. */
  PRICE,
  /** A snapshot of sales and viewer counts. */
  SALES,
  /** The session (场次) started. */
  SESSION_STARTED,
  /** The session ended. */
  SESSION_ENDED,
  /** A PK battle (连麦PK) started. */
  PK_STARTED,
  /** A PK battle ended. */
  PK_ENDED,
  /** The shop's or room's status changed (e.g. suspended). */
  STORE_STATUS,
  /** A live script submitted for pre-check. */
  SCRIPT;

  /** The identifier used in events: the lower-case name ({@code screen_text}). */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** All type identifiers in declaration order. */
  public static java.util.List<String> ids() {
    java.util.List<String> ids = new java.util.ArrayList<>();
    for (EventType t : values()) {
      ids.add(t.id());
    }
    return ids;
  }

  /** The type with this identifier, or null if there is none. */
  public static EventType byId(String id) {
    for (EventType t : values()) {
      if (t.id().equals(id)) {
        return t;
      }
    }
    return null;
  }
}

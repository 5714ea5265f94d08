package io.liveguard.stream.topic;

import io.liveguard.detect.event.Event;
import io.liveguard.detect.event.EventFormatException;
import io.liveguard.detect.event.EventJson;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads one event value of the events topic: strict UTF-8, at most {@link #MAX_VALUE_BYTES} bytes,
 * then the ingest API's own parser ({@link EventJson#parse}), so the job accepts exactly what the
 * ingest API accepts and rejects the rest with the same message, naming the field ({@code field
 * "at": not an ISO-8601 instant: "yesterday"}). Thread-safe.
 */
public final class EventReader {

  /** Largest event value accepted, in bytes (the ingest API's line limit). */
  public static final int MAX_VALUE_BYTES = EventJson.MAX_LINE_CHARS;

  private EventReader() {}

  /**
   * Reads one value.
   *
   * @throws EventRejectedException naming what is wrong
   */
  public static EventRecord read(byte[] value) throws EventRejectedException {
    if (value == null || value.length == 0) {
      throw new EventRejectedException("empty value: expected one event JSON object");
    }
    if (value.length > MAX_VALUE_BYTES) {
      throw new EventRejectedException(
          "value of " + value.length + " bytes exceeds the limit of " + MAX_VALUE_BYTES + " bytes");
    }
    String json;
    try {
      json =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(value))
              .toString();
    } catch (CharacterCodingException e) {
      throw new EventRejectedException("value is not valid UTF-8");
    }
    Event e;
    try {
      e = EventJson.parse(json);
    } catch (EventFormatException ex) {
      throw new EventRejectedException(ex.getMessage());
    }
    return EventRecord.of(e, json);
  }
}

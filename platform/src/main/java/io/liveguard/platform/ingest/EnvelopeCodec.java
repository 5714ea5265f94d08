package io.liveguard.platform.ingest;

import io.liveguard.detect.event.Event;
import io.liveguard.detect.event.EventFormatException;
import io.liveguard.detect.event.EventJson;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The ingest boundary: every event is parsed by the event model's codec ({@link EventJson},
 * docs/events.md) — unknown fields, wrong types, bad instants and money are refused with a message
 * naming the field — and kept as received (compact JSON) for storage and analysis.
 */
final class EnvelopeCodec {
  private static final Pattern FIELD = Pattern.compile("^field \"([^\"]+)\"");

  private EnvelopeCodec() {}

  /** A refused event: the field (when the codec names one) and the codec's message. */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;
    final String field;

    Invalid(String field, String message) {
      super(message);
      this.field = field;
    }
  }

  static IncomingEvent parse(JsonNode n) throws Invalid {
    if (n == null || !n.isObject()) {
      throw new Invalid(null, "an event must be a JSON object");
    }
    String json = n.toString();
    Event e;
    try {
      e = EventJson.parse(json);
    } catch (EventFormatException ex) {
      Matcher m = FIELD.matcher(ex.getMessage());
      throw new Invalid(m.find() ? m.group(1) : null, ex.getMessage());
    }
    return new IncomingEvent(
        e.id(), e.type(), e.platform().id(), e.room(), e.session(), e.at(), json);
  }

  static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }
}

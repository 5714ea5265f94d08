package io.liveguard.platform.ingest;

import io.liveguard.detect.event.Event;
import io.liveguard.detect.event.EventFormatException;
import io.liveguard.detect.event.EventJson;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The ingest boundary: every event is parsed by the event model's codec ({@link EventJson},
 * docs/events.md) — unknown fields, wrong types, bad instants and money are refused with a message
 * naming the field — and kept as compact JSON for storage and analysis: as received when it is
 * compact already (JSONL lines, parsed once), else re-serialized from its tree.
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

  /**
   * The events of a JSONL body parsed once each, kept as received; or null when any line is not
   * already compact JSON or is refused (the caller then takes the path that reads every line into a
   * tree first and reports each problem). A line without whitespace outside its strings is what
   * re-serializing its tree would give, up to number and escape spelling, which the codec reads to
   * the same values.
   */
  static List<IncomingEvent> parseCompactLines(String body, int max) {
    List<IncomingEvent> out = new ArrayList<>();
    int from = 0;
    while (from <= body.length()) {
      int nl = body.indexOf('\n', from);
      int to = nl < 0 ? body.length() : nl;
      String line = body.substring(from, to);
      from = to + 1;
      if (line.isBlank()) {
        if (nl < 0) {
          break;
        }
        continue;
      }
      if (out.size() >= max || !compact(line)) {
        return null;
      }
      Event e;
      try {
        e = EventJson.parse(line);
      } catch (EventFormatException ex) {
        return null;
      }
      out.add(
          new IncomingEvent(
              e.id(), e.type(), e.platform().id(), e.room(), e.session(), e.at(), line));
      if (nl < 0) {
        break;
      }
    }
    return out;
  }

  /** An object with no whitespace or control character outside its string literals. */
  static boolean compact(String line) {
    if (line.isEmpty() || line.charAt(0) != '{') {
      return false;
    }
    boolean inString = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c <= ' ') {
        return false;
      }
    }
    return !inString;
  }

  static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }
}

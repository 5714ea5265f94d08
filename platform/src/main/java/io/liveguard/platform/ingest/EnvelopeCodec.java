package io.liveguard.platform.ingest;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Validates an event object against the envelope and per-type required fields of docs/events.md.
 *
 * <p>Interim: this checks what the platform relies on (ids, type, platform, room, session, instant
 * with offset, the required fields and their JSON types). The full codec of the event model ({@code
 * io.liveguard.detect.event.EventJson}, with unknown-field rejection and money rules) replaces it
 * once it is on main.
 */
final class EnvelopeCodec {
  static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  static final int MAX_TEXT = 10_000;
  static final Set<String> PLATFORMS =
      Set.of(
          "douyin",
          "kuaishou",
          "taobao",
          "xiaohongshu",
          "pinduoduo",
          "weixin_channels",
          "jd",
          "bilibili",
          "weibo",
          "dewu",
          "meituan",
          "other");

  /** Required fields per type and whether each is text ({@code s}), number ({@code n}) or money. */
  static final Map<String, Map<String, String>> REQUIRED =
      Map.ofEntries(
          Map.entry("transcript", Map.of("text", "s", "start_ms", "n", "end_ms", "n")),
          Map.entry("screen_text", Map.of("text", "s")),
          Map.entry("chat", Map.of("user", "s", "text", "s")),
          Map.entry("listing", Map.of("listing", "s", "title", "s", "price", "m")),
          Map.entry("price", Map.of("listing", "s", "price", "m", "source", "s")),
          Map.entry("sales", Map.of("count", "n")),
          Map.entry("session_started", Map.of()),
          Map.entry("session_ended", Map.of()),
          Map.entry("pk_started", Map.of()),
          Map.entry("pk_ended", Map.of()),
          Map.entry("store_status", Map.of("status", "s")),
          Map.entry("script", Map.of("text", "s")));

  private EnvelopeCodec() {}

  /** A refused event: the field and a message naming the value. */
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
    String id = id(n, "id");
    String type = string(n, "type", 32);
    if (!REQUIRED.containsKey(type)) {
      throw new Invalid("type", "unknown event type \"" + type + "\"");
    }
    String platform = string(n, "platform", 32);
    if (!PLATFORMS.contains(platform)) {
      throw new Invalid("platform", "unknown platform \"" + platform + "\"");
    }
    String room = id(n, "room");
    String session = id(n, "session");
    String at = string(n, "at", 64);
    OffsetDateTime instant;
    try {
      instant = OffsetDateTime.parse(at);
    } catch (DateTimeParseException e) {
      throw new Invalid(
          "at",
          "not an ISO-8601 instant with offset: \"" + at + "\" (e.g. 2025-11-08T20:15:03+08:00)");
    }
    if (instant.getYear() < 2000 || instant.getYear() > 2099) {
      throw new Invalid("at", "year out of range 2000–2099: \"" + at + "\"");
    }
    for (var req : REQUIRED.get(type).entrySet()) {
      JsonNode v = n.get(req.getKey());
      String f = req.getKey();
      switch (req.getValue()) {
        case "s" -> {
          if (v == null || !v.isString()) {
            throw new Invalid(f, "field \"" + f + "\" must be a string");
          }
          if (v.asString().length() > MAX_TEXT) {
            throw new Invalid(f, "field \"" + f + "\" is longer than " + MAX_TEXT + " characters");
          }
        }
        case "n" -> {
          if (v == null || !v.isIntegralNumber() || v.asLong() < 0) {
            throw new Invalid(f, "field \"" + f + "\" must be a non-negative integer");
          }
        }
        default -> {
          if (v == null || !(v.isNumber() || v.isString())) {
            throw new Invalid(
                f, "field \"" + f + "\" must be an amount (number or decimal string)");
          }
          try {
            var amount = new java.math.BigDecimal(v.asString());
            if (amount.signum() < 0
                || amount.scale() > 2
                || amount.compareTo(java.math.BigDecimal.valueOf(1_000_000_000)) > 0) {
              throw new NumberFormatException();
            }
          } catch (NumberFormatException e) {
            throw new Invalid(
                f, "field \"" + f + "\": not an amount in 0..1e9 with at most two decimals: " + v);
          }
        }
      }
    }
    if (type.equals("transcript") && n.get("end_ms").asLong() < n.get("start_ms").asLong()) {
      throw new Invalid("end_ms", "end_ms is before start_ms");
    }
    return new IncomingEvent(id, type, platform, room, session, instant.toInstant(), n.toString());
  }

  private static String string(JsonNode n, String field, int max) throws Invalid {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new Invalid(field, "missing required field \"" + field + "\"");
    }
    if (!v.isString()) {
      throw new Invalid(field, "field \"" + field + "\" must be a string, got " + v.getNodeType());
    }
    String s = v.asString();
    if (s.length() > max) {
      throw new Invalid(field, "field \"" + field + "\" is longer than " + max + " characters");
    }
    return s;
  }

  private static String id(JsonNode n, String field) throws Invalid {
    String s = string(n, field, 128);
    if (!ID.matcher(s).matches()) {
      throw new Invalid(
          field,
          "field \""
              + field
              + "\" must be 1–128 characters of A-Z a-z 0-9 . _ : -, got \""
              + abbreviate(s)
              + "\"");
    }
    return s;
  }

  static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }
}

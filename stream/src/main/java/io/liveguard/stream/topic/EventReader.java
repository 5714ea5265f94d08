package io.liveguard.stream.topic;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the routing fields of one event JSON value from the events topic: {@code id}, {@code type},
 * {@code platform}, {@code room}, {@code session} and {@code at}.
 *
 * <p>The value is untrusted: it must be strict UTF-8, at most {@link #MAX_VALUE_BYTES} bytes, one
 * JSON object without duplicate keys, nested at most 8 deep, with every routing field present and
 * well-formed. Anything else is an {@link EventRejectedException} whose message names the field and
 * the value, in the style of the ingest API. The payload fields are left to the analyzer.
 * Thread-safe.
 */
public final class EventReader {

  /** Largest event value accepted, in bytes (the ingest API's line limit). */
  public static final int MAX_VALUE_BYTES = 1 << 20;

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final Pattern PLATFORM = Pattern.compile("[a-z0-9_]{1,32}");
  private static final Pattern TYPE = Pattern.compile("[a-z_]{1,32}");
  private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");

  private static final JsonMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(8)
                          .maxNumberLength(40)
                          .maxStringLength(MAX_VALUE_BYTES)
                          .maxDocumentLength(MAX_VALUE_BYTES)
                          .build())
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

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
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JacksonException e) {
      throw new EventRejectedException("not a JSON object: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new EventRejectedException("not a JSON object");
    }
    String id = text(node, "id", ID);
    String type = text(node, "type", TYPE);
    String platform = text(node, "platform", PLATFORM);
    String room = text(node, "room", ID);
    String session = text(node, "session", ID);
    String at = text(node, "at", null);
    Instant instant;
    try {
      instant = OffsetDateTime.parse(at).toInstant();
    } catch (DateTimeParseException e) {
      throw new EventRejectedException(
          "field \"at\": not an ISO-8601 instant with offset: " + quote(at));
    }
    if (instant.isBefore(EARLIEST) || !instant.isBefore(LATEST)) {
      throw new EventRejectedException(
          "field \"at\": must lie between the years 2000 and 2099, was " + at);
    }
    return new EventRecord(
        EventRecord.roomKey(platform, room), id, type, session, instant.toEpochMilli(), json);
  }

  private static String text(JsonNode node, String field, Pattern pattern)
      throws EventRejectedException {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw new EventRejectedException("field \"" + field + "\": is required");
    }
    if (!v.isString()) {
      throw new EventRejectedException("field \"" + field + "\": must be a string");
    }
    String s = v.stringValue();
    if (pattern != null && !pattern.matcher(s).matches()) {
      throw new EventRejectedException(
          "field \"" + field + "\": must match " + pattern.pattern() + ", was " + quote(s));
    }
    return s;
  }

  private static String quote(String s) {
    String cut = s.length() > 64 ? s.substring(0, 64) + "…" : s;
    return "\"" + cut + "\"";
  }
}

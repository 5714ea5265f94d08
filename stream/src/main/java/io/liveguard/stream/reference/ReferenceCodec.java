package io.liveguard.stream.reference;

import io.liveguard.stream.topic.Topics;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The values of the reference topic: {@code {"schema":"liveguard.reference.v1","kind":…,
 * "version":…,"data":{…}}}, keyed by the kind. A record without a value (a tombstone) withdraws the
 * kind. Thread-safe.
 */
public final class ReferenceCodec {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ReferenceCodec() {}

  /** The value of an update. */
  public static String write(ReferenceUpdate u) {
    if (u.data() == null) {
      throw new IllegalArgumentException(
          "a withdrawn kind (\"" + u.kind() + "\") is a record without a value, not a JSON value");
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("schema", Topics.REFERENCE_SCHEMA);
    m.put("kind", u.kind());
    m.put("version", u.version());
    m.put("data", JSON.readTree(u.data()));
    return JSON.writeValueAsString(m);
  }

  /**
   * Reads a record of the reference topic.
   *
   * @param key the record key (the kind)
   * @param value the value, or null for a tombstone
   * @throws IllegalArgumentException naming the field if the record is not a reference record of a
   *     known schema, or its kind's data is malformed
   */
  public static ReferenceUpdate read(String key, String value) {
    if (value == null) {
      if (key == null || key.isBlank()) {
        throw new IllegalArgumentException("a reference tombstone without a key (the kind)");
      }
      return new ReferenceUpdate(key, 0, null);
    }
    JsonNode n;
    try {
      n = JSON.readTree(value);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("reference record is not JSON: " + e.getOriginalMessage());
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("reference record must be a JSON object");
    }
    JsonNode schema = n.get("schema");
    if (schema == null || !Topics.REFERENCE_SCHEMA.equals(schema.asString())) {
      throw new IllegalArgumentException(
          "reference record of schema "
              + (schema == null ? "(none)" : "\"" + schema.asString() + "\"")
              + " (this job reads "
              + Topics.REFERENCE_SCHEMA
              + ")");
    }
    JsonNode kind = n.get("kind");
    if (kind == null || !kind.isString() || kind.stringValue().isBlank()) {
      throw new IllegalArgumentException("reference record: field \"kind\" is required");
    }
    if (key != null && !key.equals(kind.stringValue())) {
      throw new IllegalArgumentException(
          "reference record: key \"" + key + "\" differs from kind \"" + kind.stringValue() + "\"");
    }
    JsonNode version = n.get("version");
    if (version == null || !version.canConvertToLong()) {
      throw new IllegalArgumentException("reference record: field \"version\" must be a number");
    }
    JsonNode data = n.get("data");
    if (data == null || !data.isObject()) {
      throw new IllegalArgumentException("reference record: field \"data\" must be a JSON object");
    }
    ReferenceUpdate u = new ReferenceUpdate(kind.stringValue(), version.asLong(), data.toString());
    ReferenceData.check(u.kind(), u.data());
    return u;
  }
}

package io.liveguard.evidence.json;

import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Typed, validating access to one parsed JSON object; every getter throws {@link JsonException}
 * naming the field path when the field is missing or has the wrong type.
 */
public final class JsonObject {

  private final Map<String, Object> map;
  private final String path;

  /**
   * Wraps a parsed object found at {@code path} (used in messages, e.g. {@code manifest.items[2]}).
   */
  public JsonObject(Object value, String path) throws JsonException {
    if (!(value instanceof Map<?, ?> m)) {
      throw new JsonException(path + ": expected a JSON object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> typed = (Map<String, Object>) m;
    this.map = typed;
    this.path = path;
  }

  /** Parses bytes as a JSON object. */
  public static JsonObject parse(byte[] utf8, String path) throws JsonException {
    return new JsonObject(Json.parse(utf8), path);
  }

  /** Returns the underlying map. */
  public Map<String, Object> map() {
    return map;
  }

  /** Returns whether the object has {@code key}. */
  public boolean has(String key) {
    return map.containsKey(key);
  }

  /** Returns a required string field. */
  public String string(String key) throws JsonException {
    Object v = map.get(key);
    if (!(v instanceof String s)) {
      throw new JsonException(path + "." + key + ": expected a string");
    }
    return s;
  }

  /** Returns an optional string field, or {@code fallback}. */
  public String string(String key, String fallback) throws JsonException {
    return map.containsKey(key) ? string(key) : fallback;
  }

  /** Returns a required integer field. */
  public long integer(String key) throws JsonException {
    Object v = map.get(key);
    if (!(v instanceof Long l)) {
      throw new JsonException(path + "." + key + ": expected an integer");
    }
    return l;
  }

  /** Returns a required base64 (standard, padded) field. */
  public byte[] base64(String key) throws JsonException {
    try {
      return Base64.getDecoder().decode(string(key));
    } catch (IllegalArgumentException e) {
      throw new JsonException(path + "." + key + ": not valid base64");
    }
  }

  /** Returns a required nested object. */
  public JsonObject object(String key) throws JsonException {
    if (!map.containsKey(key)) {
      throw new JsonException(path + "." + key + ": missing");
    }
    return new JsonObject(map.get(key), path + "." + key);
  }

  /** Returns a required array. */
  public List<Object> array(String key) throws JsonException {
    Object v = map.get(key);
    if (!(v instanceof List<?> l)) {
      throw new JsonException(path + "." + key + ": expected an array");
    }
    @SuppressWarnings("unchecked")
    List<Object> typed = (List<Object>) l;
    return typed;
  }

  /** Returns the path of this object, for messages. */
  public String path() {
    return path;
  }
}

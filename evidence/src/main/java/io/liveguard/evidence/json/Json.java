package io.liveguard.evidence.json;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * A small JSON reader and a canonical JSON writer for evidence documents.
 *
 * <p>Values are {@code Map<String, Object>} (objects), {@code List<Object>}, {@code String}, {@code
 * Long} (integers), {@code BigDecimal} (other numbers, read only), {@code Boolean} and {@code
 * null}. The canonical form is the RFC 8785 (JCS) form restricted to integers: object keys sorted
 * by UTF-16 code units, no insignificant whitespace, strings escaped minimally. Evidence documents
 * contain no floating-point numbers, so their canonical bytes are unambiguous.
 */
public final class Json {

  /** The deepest nesting accepted by {@link #parse}. */
  public static final int MAX_DEPTH = 64;

  private final String s;
  private int pos;

  private Json(String s) {
    this.s = s;
  }

  /** Parses one JSON value; throws {@link JsonException} naming the offset of the first error. */
  public static Object parse(String text) throws JsonException {
    Json p = new Json(text);
    p.skipWs();
    Object v = p.value(0);
    p.skipWs();
    if (p.pos != text.length()) {
      throw p.error("unexpected trailing characters");
    }
    return v;
  }

  /** Parses UTF-8 bytes as one JSON value. */
  public static Object parse(byte[] utf8) throws JsonException {
    return parse(new String(utf8, StandardCharsets.UTF_8));
  }

  /** Returns the canonical UTF-8 bytes of {@code value}. */
  public static byte[] canonical(Object value) {
    StringBuilder b = new StringBuilder();
    write(b, value);
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Returns a human-readable, indented rendering of {@code value} (keys sorted). */
  public static String pretty(Object value) {
    StringBuilder b = new StringBuilder();
    writePretty(b, value, 0);
    return b.append('\n').toString();
  }

  private static void write(StringBuilder b, Object v) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof String str) {
      string(b, str);
    } else if (v instanceof Boolean || v instanceof Long || v instanceof Integer) {
      b.append(v);
    } else if (v instanceof Map<?, ?> m) {
      b.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : sorted(m)) {
        if (!first) {
          b.append(',');
        }
        first = false;
        string(b, (String) e.getKey());
        b.append(':');
        write(b, e.getValue());
      }
      b.append('}');
    } else if (v instanceof List<?> l) {
      b.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        write(b, l.get(i));
      }
      b.append(']');
    } else {
      throw new IllegalArgumentException(
          "canonical JSON holds only strings, integers, booleans, maps and lists, not "
              + v.getClass().getName());
    }
  }

  private static void writePretty(StringBuilder b, Object v, int indent) {
    if (v instanceof Map<?, ?> m && !m.isEmpty()) {
      b.append("{\n");
      int i = 0;
      Map.Entry<?, ?>[] sorted = sorted(m);
      for (Map.Entry<?, ?> e : sorted) {
        b.append("  ".repeat(indent + 1));
        string(b, (String) e.getKey());
        b.append(": ");
        writePretty(b, e.getValue(), indent + 1);
        b.append(++i < sorted.length ? ",\n" : "\n");
      }
      b.append("  ".repeat(indent)).append('}');
    } else if (v instanceof List<?> l && !l.isEmpty()) {
      b.append("[\n");
      for (int i = 0; i < l.size(); i++) {
        b.append("  ".repeat(indent + 1));
        writePretty(b, l.get(i), indent + 1);
        b.append(i + 1 < l.size() ? ",\n" : "\n");
      }
      b.append("  ".repeat(indent)).append(']');
    } else {
      write(b, v);
    }
  }

  /** UTF-16 code unit order, which is {@link String#compareTo}'s. */
  private static final Comparator<Map.Entry<?, ?>> KEY_ORDER =
      (x, y) -> ((String) x.getKey()).compareTo((String) y.getKey());

  /**
   * The entries of {@code m} with string keys in UTF-16 order: an array sorted in place (no tree
   * built per object), or as they are when {@code m} already keeps that order.
   */
  private static Map.Entry<?, ?>[] sorted(Map<?, ?> m) {
    Map.Entry<?, ?>[] es = m.entrySet().toArray(new Map.Entry<?, ?>[0]);
    for (Map.Entry<?, ?> e : es) {
      if (!(e.getKey() instanceof String)) {
        throw new IllegalArgumentException("JSON object keys must be strings, got " + e.getKey());
      }
    }
    if (!(m instanceof SortedMap<?, ?> s && s.comparator() == null)) {
      Arrays.sort(es, KEY_ORDER);
    }
    return es;
  }

  private static void string(StringBuilder b, String str) {
    b.append('"');
    // runs of characters that need no escape are copied whole: most strings have none
    int run = 0;
    for (int i = 0; i < str.length(); i++) {
      char c = str.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') {
        continue;
      }
      b.append(str, run, i);
      run = i + 1;
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> b.append(String.format("\\u%04x", (int) c));
      }
    }
    b.append(str, run, str.length());
    b.append('"');
  }

  private Object value(int depth) throws JsonException {
    if (depth > MAX_DEPTH) {
      throw error("nesting deeper than " + MAX_DEPTH);
    }
    if (pos >= s.length()) {
      throw error("unexpected end of input");
    }
    char c = s.charAt(pos);
    switch (c) {
      case '{':
        return object(depth);
      case '[':
        return array(depth);
      case '"':
        return string();
      case 't':
        literal("true");
        return Boolean.TRUE;
      case 'f':
        literal("false");
        return Boolean.FALSE;
      case 'n':
        literal("null");
        return null;
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw error("unexpected character '" + c + "'");
    }
  }

  private Map<String, Object> object(int depth) throws JsonException {
    Map<String, Object> m = new LinkedHashMap<>();
    pos++;
    skipWs();
    if (peek() == '}') {
      pos++;
      return m;
    }
    while (true) {
      skipWs();
      if (peek() != '"') {
        throw error("expected a string key");
      }
      String k = string();
      skipWs();
      expect(':');
      skipWs();
      Object v = value(depth + 1);
      if (m.containsKey(k)) {
        throw error("duplicate key \"" + k + "\"");
      }
      m.put(k, v);
      skipWs();
      char c = peek();
      pos++;
      if (c == '}') {
        return m;
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or '}'");
      }
    }
  }

  private List<Object> array(int depth) throws JsonException {
    List<Object> l = new ArrayList<>();
    pos++;
    skipWs();
    if (peek() == ']') {
      pos++;
      return l;
    }
    while (true) {
      skipWs();
      l.add(value(depth + 1));
      skipWs();
      char c = peek();
      pos++;
      if (c == ']') {
        return l;
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or ']'");
      }
    }
  }

  private String string() throws JsonException {
    pos++;
    // the common case, no escape: one substring up to the closing quote
    for (int i = pos; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        String plain = s.substring(pos, i);
        pos = i + 1;
        return plain;
      }
      if (c == '\\' || c < 0x20) {
        break;
      }
    }
    StringBuilder b = new StringBuilder();
    while (true) {
      if (pos >= s.length()) {
        throw error("unterminated string");
      }
      char c = s.charAt(pos++);
      if (c == '"') {
        return b.toString();
      }
      if (c < 0x20) {
        throw error("control character in string");
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      if (pos >= s.length()) {
        throw error("unterminated escape");
      }
      char e = s.charAt(pos++);
      switch (e) {
        case '"' -> b.append('"');
        case '\\' -> b.append('\\');
        case '/' -> b.append('/');
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'u' -> {
          if (pos + 4 > s.length()) {
            throw error("truncated \\u escape");
          }
          try {
            b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
          } catch (NumberFormatException ex) {
            throw error("bad \\u escape");
          }
          pos += 4;
        }
        default -> throw error("bad escape \\" + e);
      }
    }
  }

  private Object number() throws JsonException {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    while (pos < s.length() && "0123456789.eE+-".indexOf(s.charAt(pos)) >= 0) {
      pos++;
    }
    String t = s.substring(start, pos);
    try {
      if (t.matches("-?(0|[1-9][0-9]*)")) {
        try {
          return Long.parseLong(t);
        } catch (NumberFormatException tooLarge) {
          return new BigDecimal(t);
        }
      }
      return new BigDecimal(t);
    } catch (NumberFormatException e) {
      pos = start;
      throw error("bad number \"" + t + "\"");
    }
  }

  private void literal(String word) throws JsonException {
    if (!s.startsWith(word, pos)) {
      throw error("expected " + word);
    }
    pos += word.length();
  }

  private void expect(char c) throws JsonException {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private char peek() throws JsonException {
    if (pos >= s.length()) {
      throw error("unexpected end of input");
    }
    return s.charAt(pos);
  }

  private void skipWs() {
    while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) {
      pos++;
    }
  }

  private JsonException error(String what) {
    return new JsonException("JSON offset " + pos + ": " + what);
  }
}

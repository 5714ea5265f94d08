package io.liveguard.platform.registry;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses an import file into rows of named string values: CSV (RFC 4180, header line, UTF-8 with or
 * without BOM) or a JSON array of objects. Lists are written {@code a;b} in CSV and as arrays in
 * JSON; objects (listing attributes) stay JSON text.
 */
final class Rows {
  static final int MAX_ROWS = 50_000;

  private Rows() {}

  /** A file that cannot be read as rows at all; {@code code} is a message key suffix. */
  static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;
    final String code;
    final transient Object[] args;

    Unreadable(String code, Object... args) {
      super(code);
      this.code = code;
      this.args = args;
    }
  }

  static String utf8(byte[] bytes) throws Unreadable {
    try {
      String s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      return s.startsWith("\uFEFF") ? s.substring(1) : s;
    } catch (CharacterCodingException e) {
      throw new Unreadable("import-not-utf8");
    }
  }

  static List<Map<String, String>> json(byte[] bytes, JsonMapper mapper) throws Unreadable {
    JsonNode root;
    try {
      root = mapper.readTree(utf8(bytes));
    } catch (JacksonException e) {
      throw new Unreadable("import-bad-json", e.getOriginalMessage());
    }
    if (root == null || !root.isArray()) {
      throw new Unreadable("import-not-array");
    }
    if (root.size() > MAX_ROWS) {
      throw new Unreadable("import-too-many-rows", MAX_ROWS);
    }
    List<Map<String, String>> rows = new ArrayList<>();
    for (JsonNode n : root) {
      if (!n.isObject()) {
        throw new Unreadable("import-not-array");
      }
      Map<String, String> row = new LinkedHashMap<>();
      for (var e : n.properties()) {
        JsonNode v = e.getValue();
        if (v.isNull()) {
          continue;
        }
        if (v.isArray()) {
          List<String> items = new ArrayList<>();
          for (JsonNode item : v) {
            items.add(item.isValueNode() ? item.asString() : item.toString());
          }
          row.put(e.getKey(), String.join(";", items));
        } else if (v.isObject()) {
          row.put(e.getKey(), v.toString());
        } else {
          row.put(e.getKey(), v.asString());
        }
      }
      rows.add(row);
    }
    return rows;
  }

  static List<Map<String, String>> csv(byte[] bytes) throws Unreadable {
    List<List<String>> records = records(utf8(bytes));
    if (records.isEmpty()) {
      throw new Unreadable("import-empty");
    }
    List<String> header = records.get(0).stream().map(String::trim).toList();
    if (records.size() - 1 > MAX_ROWS) {
      throw new Unreadable("import-too-many-rows", MAX_ROWS);
    }
    List<Map<String, String>> rows = new ArrayList<>();
    for (int i = 1; i < records.size(); i++) {
      List<String> rec = records.get(i);
      if (rec.size() == 1 && rec.get(0).isBlank()) {
        continue;
      }
      if (rec.size() != header.size()) {
        throw new Unreadable("import-csv-columns", i + 1, rec.size(), header.size());
      }
      Map<String, String> row = new LinkedHashMap<>();
      for (int c = 0; c < header.size(); c++) {
        String v = rec.get(c);
        if (!v.isEmpty()) {
          row.put(header.get(c), v);
        }
      }
      rows.add(row);
    }
    return rows;
  }

  /** RFC 4180 records: quoted fields may hold commas, quotes ("") and line breaks. */
  static List<List<String>> records(String text) throws Unreadable {
    List<List<String>> out = new ArrayList<>();
    List<String> rec = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    int line = 1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') {
            line++;
          }
          field.append(c);
        }
        continue;
      }
      switch (c) {
        case '"' -> {
          if (field.length() > 0) {
            throw new Unreadable("import-csv-quote", line);
          }
          quoted = true;
          any = true;
        }
        case ',' -> {
          rec.add(field.toString());
          field.setLength(0);
          any = true;
        }
        case '\r' -> {}
        case '\n' -> {
          rec.add(field.toString());
          out.add(rec);
          rec = new ArrayList<>();
          field.setLength(0);
          any = false;
          line++;
        }
        default -> {
          field.append(c);
          any = true;
        }
      }
    }
    if (quoted) {
      throw new Unreadable("import-csv-unterminated", line);
    }
    if (any || field.length() > 0) {
      rec.add(field.toString());
      out.add(rec);
    }
    return out;
  }
}

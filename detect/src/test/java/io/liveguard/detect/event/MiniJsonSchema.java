package io.liveguard.detect.event;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The subset of JSON Schema draft 2020-12 that {@code docs/events.schema.json} uses: type, const,
 * enum, pattern, minLength, maxLength, minimum, maximum, required, properties,
 * additionalProperties, propertyNames, maxProperties, items, minItems, maxItems, oneOf, anyOf,
 * local $ref and format date-time. An unknown keyword fails loudly so that the schema cannot
 * silently outgrow this validator. Test code: no validator on Maven Central converges with Jackson
 * 3 without pulling in Jackson 2.
 */
final class MiniJsonSchema {

  private static final List<String> KNOWN =
      List.of(
          "$schema",
          "$id",
          "$defs",
          "title",
          "description",
          "type",
          "const",
          "enum",
          "pattern",
          "minLength",
          "maxLength",
          "minimum",
          "maximum",
          "required",
          "properties",
          "additionalProperties",
          "propertyNames",
          "maxProperties",
          "items",
          "minItems",
          "maxItems",
          "oneOf",
          "anyOf",
          "$ref",
          "format");

  private final JsonNode root;

  MiniJsonSchema(JsonNode root) {
    this.root = root;
  }

  /** The problems of {@code value} against the whole schema; empty if valid. */
  List<String> validate(JsonNode value) {
    List<String> out = new ArrayList<>();
    check(root, value, "$", out);
    return out;
  }

  private void check(JsonNode s, JsonNode v, String path, List<String> out) {
    for (String k : s.propertyNames()) {
      if (!KNOWN.contains(k)) {
        throw new IllegalStateException("schema keyword not supported by the test: " + k);
      }
    }
    if (s.has("$ref")) {
      String ref = s.get("$ref").stringValue();
      if (!ref.startsWith("#/$defs/")) {
        throw new IllegalStateException("only local $defs refs: " + ref);
      }
      check(root.get("$defs").get(ref.substring("#/$defs/".length())), v, path, out);
    }
    if (s.has("type") && !typeMatches(s.get("type"), v)) {
      out.add(path + ": type " + s.get("type") + " expected, was " + v.getNodeType());
      return;
    }
    if (s.has("const") && !equal(s.get("const"), v)) {
      out.add(path + ": must be " + s.get("const"));
    }
    if (s.has("enum")) {
      boolean any = false;
      for (JsonNode e : s.get("enum").values()) {
        any |= equal(e, v);
      }
      if (!any) {
        out.add(path + ": not one of " + s.get("enum"));
      }
    }
    if (v.isString()) {
      String str = v.stringValue();
      int cps = str.codePointCount(0, str.length());
      if (s.has("pattern")
          && !Pattern.compile(s.get("pattern").stringValue()).matcher(str).find()) {
        out.add(path + ": does not match " + s.get("pattern").stringValue());
      }
      if (s.has("minLength") && cps < s.get("minLength").intValue()) {
        out.add(path + ": shorter than " + s.get("minLength"));
      }
      if (s.has("maxLength") && cps > s.get("maxLength").intValue()) {
        out.add(path + ": longer than " + s.get("maxLength"));
      }
      if (s.has("format") && s.get("format").stringValue().equals("date-time")) {
        try {
          OffsetDateTime.parse(str);
        } catch (DateTimeParseException e) {
          out.add(path + ": not a date-time");
        }
      }
    }
    if (v.isNumber()) {
      BigDecimal d = v.decimalValue();
      if (s.has("minimum") && d.compareTo(s.get("minimum").decimalValue()) < 0) {
        out.add(path + ": below " + s.get("minimum"));
      }
      if (s.has("maximum") && d.compareTo(s.get("maximum").decimalValue()) > 0) {
        out.add(path + ": above " + s.get("maximum"));
      }
    }
    if (v.isObject()) {
      if (s.has("required")) {
        for (JsonNode r : s.get("required").values()) {
          if (!v.has(r.stringValue())) {
            out.add(path + ": missing " + r.stringValue());
          }
        }
      }
      if (s.has("maxProperties") && v.size() > s.get("maxProperties").intValue()) {
        out.add(path + ": more than " + s.get("maxProperties") + " properties");
      }
      JsonNode props = s.get("properties");
      for (Map.Entry<String, JsonNode> e : v.properties()) {
        String p = path + "." + e.getKey();
        if (s.has("propertyNames")) {
          check(
              s.get("propertyNames"),
              tools.jackson.databind.node.StringNode.valueOf(e.getKey()),
              p + "(name)",
              out);
        }
        if (props != null && props.has(e.getKey())) {
          check(props.get(e.getKey()), e.getValue(), p, out);
        } else if (s.has("additionalProperties")) {
          JsonNode ap = s.get("additionalProperties");
          if (ap.isBoolean() && !ap.booleanValue()) {
            out.add(p + ": not allowed");
          } else if (ap.isObject()) {
            check(ap, e.getValue(), p, out);
          }
        }
      }
    }
    if (v.isArray()) {
      if (s.has("minItems") && v.size() < s.get("minItems").intValue()) {
        out.add(path + ": fewer than " + s.get("minItems") + " items");
      }
      if (s.has("maxItems") && v.size() > s.get("maxItems").intValue()) {
        out.add(path + ": more than " + s.get("maxItems") + " items");
      }
      if (s.has("items")) {
        for (int i = 0; i < v.size(); i++) {
          check(s.get("items"), v.get(i), path + "[" + i + "]", out);
        }
      }
    }
    if (s.has("oneOf")) {
      int valid = 0;
      for (JsonNode alt : s.get("oneOf").values()) {
        List<String> sub = new ArrayList<>();
        check(alt, v, path, sub);
        valid += sub.isEmpty() ? 1 : 0;
      }
      if (valid != 1) {
        out.add(path + ": matches " + valid + " of oneOf, expected exactly 1");
      }
    }
    if (s.has("anyOf")) {
      boolean any = false;
      for (JsonNode alt : s.get("anyOf").values()) {
        List<String> sub = new ArrayList<>();
        check(alt, v, path, sub);
        any |= sub.isEmpty();
      }
      if (!any) {
        out.add(path + ": matches none of anyOf");
      }
    }
  }

  private static boolean typeMatches(JsonNode type, JsonNode v) {
    if (type.isArray()) {
      for (JsonNode t : type.values()) {
        if (typeMatches(t, v)) {
          return true;
        }
      }
      return false;
    }
    return switch (type.stringValue()) {
      case "string" -> v.isString();
      case "number" -> v.isNumber();
      case "integer" ->
          v.isIntegralNumber()
              || (v.isNumber() && v.decimalValue().stripTrailingZeros().scale() <= 0);
      case "boolean" -> v.isBoolean();
      case "object" -> v.isObject();
      case "array" -> v.isArray();
      case "null" -> v.isNull();
      default -> throw new IllegalStateException("unknown type " + type);
    };
  }

  private static boolean equal(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    return a.equals(b);
  }
}

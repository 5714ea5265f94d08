package io.liveguard.detect.event;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes events as JSON objects, one per line in JSONL files (the ingest format; see
 * {@code docs/events.md} and {@code docs/events.schema.json}).
 *
 * <p>Parsing treats its input as untrusted: it rejects unknown types, unknown and duplicate fields,
 * values of the wrong JSON type, out-of-range numbers and over-long text, each with a message that
 * names the field and the offending value ({@code field "at": not an ISO-8601 instant:
 * "yesterday"}). Money is read exactly as {@link BigDecimal}, from a JSON number or a decimal
 * string. Writing produces the same shape with {@code at} in UTC. Thread-safe.
 */
public final class EventJson {

  /** Longest JSON line accepted by {@link #readJsonl}, in characters. */
  public static final int MAX_LINE_CHARS = 1 << 20;

  private static final JsonMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(8)
                          .maxNumberLength(40)
                          .maxStringLength(MAX_LINE_CHARS)
                          .maxDocumentLength(4L * MAX_LINE_CHARS)
                          .build())
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                  .build())
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private static final List<String> COMMON =
      List.of("id", "type", "platform", "room", "session", "at");

  private static final Map<EventType, List<String>> FIELDS = fields();

  private static final Pattern DECIMAL = Pattern.compile("\\d{1,10}(\\.\\d{1,4})?");

  private EventJson() {}

  private static Map<EventType, List<String>> fields() {
    Map<EventType, List<String>> m = new LinkedHashMap<>();
    m.put(EventType.TRANSCRIPT, List.of("text", "start_ms", "end_ms", "confidence", "engine"));
    m.put(EventType.SCREEN_TEXT, List.of("text", "box", "frame"));
    m.put(EventType.CHAT, List.of("user", "text"));
    m.put(
        EventType.LISTING,
        List.of(
            "listing",
            "title",
            "attributes",
            "price",
            "original_price",
            "category",
            "shop",
            "brand"));
    m.put(EventType.PRICE, List.of("listing", "price", "currency", "source", "seller"));
    m.put(EventType.SALES, List.of("listing", "count", "viewers"));
    m.put(EventType.SESSION_STARTED, List.of());
    m.put(EventType.SESSION_ENDED, List.of());
    m.put(EventType.PK_STARTED, List.of("opponent"));
    m.put(EventType.PK_ENDED, List.of());
    m.put(EventType.STORE_STATUS, List.of("status"));
    m.put(EventType.SCRIPT, List.of("text", "category"));
    return Map.copyOf(m);
  }

  /** The JSON field names an event of {@code type} may carry, common fields first. */
  public static List<String> fieldNames(EventType type) {
    List<String> all = new ArrayList<>(COMMON);
    all.addAll(FIELDS.get(type));
    return List.copyOf(all);
  }

  /**
   * Parses one event from a JSON object.
   *
   * @throws EventFormatException naming the field and the problem
   */
  public static Event parse(String json) throws EventFormatException {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JacksonException e) {
      throw new EventFormatException("not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || root.isMissingNode() || !root.isObject()) {
      throw new EventFormatException("expected a JSON object {…} per event");
    }
    Fields f = new Fields(root);
    try {
      String typeId = f.string("type", true);
      EventType type = EventType.byId(typeId);
      if (type == null) {
        throw Checks.bad(
            "type",
            "unknown event type "
                + Checks.quote(typeId, 40)
                + " (known: "
                + String.join(", ", EventType.ids())
                + ")");
      }
      Set<String> allowed = new TreeSet<>(COMMON);
      allowed.addAll(FIELDS.get(type));
      for (String name : root.propertyNames()) {
        if (!allowed.contains(name)) {
          throw Checks.bad(
              name,
              "unknown for type \""
                  + type.id()
                  + "\" (allowed: "
                  + String.join(", ", fieldNames(type))
                  + ")");
        }
      }
      String id = f.string("id", true);
      String platformId = f.string("platform", true);
      Platform platform = Platform.byId(platformId);
      if (platform == null) {
        throw Checks.bad(
            "platform",
            "unknown platform "
                + Checks.quote(platformId, 40)
                + " (known: "
                + String.join(", ", platformIds())
                + "; use other for any other)");
      }
      String room = f.string("room", true);
      String session = f.string("session", true);
      Instant at = f.instant("at");
      return new Event(id, platform, room, session, at, payload(type, f));
    } catch (IllegalArgumentException e) {
      throw new EventFormatException(e.getMessage());
    }
  }

  private static Payload payload(EventType type, Fields f) {
    return switch (type) {
      case TRANSCRIPT ->
          new Payload.Transcript(
              f.string("text", true),
              f.longValue("start_ms", true),
              f.longValue("end_ms", true),
              f.fraction("confidence"),
              f.string("engine", false));
      case SCREEN_TEXT ->
          new Payload.ScreenText(f.string("text", true), f.box("box"), f.string("frame", false));
      case CHAT -> new Payload.Chat(f.string("user", true), f.string("text", true));
      case LISTING ->
          new Payload.Listing(
              f.string("listing", true),
              f.string("title", true),
              f.attributes("attributes"),
              f.money("price", true),
              f.money("original_price", false),
              f.string("category", false),
              f.string("shop", false),
              f.string("brand", false));
      case PRICE ->
          new Payload.Price(
              f.string("listing", true),
              f.money("price", true),
              f.has("currency") ? f.string("currency", true) : "CNY",
              f.priceSource("source"),
              f.string("seller", false));
      case SALES ->
          new Payload.Sales(
              f.string("listing", false), f.longValue("count", true), f.optionalLong("viewers"));
      case SESSION_STARTED -> new Payload.SessionStarted();
      case SESSION_ENDED -> new Payload.SessionEnded();
      case PK_STARTED -> new Payload.PkStarted(f.string("opponent", false));
      case PK_ENDED -> new Payload.PkEnded();
      case STORE_STATUS -> new Payload.StoreStatus(f.string("status", true));
      case SCRIPT -> new Payload.Script(f.string("text", true), f.string("category", false));
    };
  }

  private static List<String> platformIds() {
    List<String> ids = new ArrayList<>();
    for (Platform p : Platform.values()) {
      ids.add(p.id());
    }
    return ids;
  }

  /** Typed access to the fields of one JSON object, with messages that name the field. */
  private static final class Fields {
    private final JsonNode root;

    Fields(JsonNode root) {
      this.root = root;
    }

    boolean has(String name) {
      JsonNode n = root.get(name);
      return n != null && !n.isNull();
    }

    private JsonNode get(String name, boolean required) {
      JsonNode n = root.get(name);
      if (n == null || n.isNull()) {
        if (required) {
          throw Checks.bad(name, "is required");
        }
        return null;
      }
      return n;
    }

    String string(String name, boolean required) {
      JsonNode n = get(name, required);
      if (n == null) {
        return null;
      }
      if (!n.isString()) {
        throw Checks.bad(name, "must be a string, was " + describe(n));
      }
      return n.stringValue();
    }

    long longValue(String name, boolean required) {
      JsonNode n = get(name, required);
      if (!n.isIntegralNumber() || !n.canConvertToLong()) {
        throw Checks.bad(name, "must be a whole number, was " + describe(n));
      }
      return n.longValue();
    }

    Long optionalLong(String name) {
      return has(name) ? longValue(name, true) : null;
    }

    Double fraction(String name) {
      JsonNode n = get(name, false);
      if (n == null) {
        return null;
      }
      if (!n.isNumber()) {
        throw Checks.bad(name, "must be a number in [0, 1], was " + describe(n));
      }
      return n.decimalValue().doubleValue();
    }

    BigDecimal money(String name, boolean required) {
      JsonNode n = get(name, required);
      if (n == null) {
        return null;
      }
      if (n.isNumber()) {
        return n.decimalValue();
      }
      if (n.isString() && DECIMAL.matcher(n.stringValue()).matches()) {
        return new BigDecimal(n.stringValue());
      }
      throw Checks.bad(name, "must be an amount in CNY such as 99 or 99.90, was " + describe(n));
    }

    Instant instant(String name) {
      String s = string(name, true);
      try {
        return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      } catch (DateTimeParseException e) {
        try {
          LocalDateTime.parse(s);
          throw Checks.bad(
              name,
              "has no time-zone offset: "
                  + Checks.quote(s, 40)
                  + " (append +08:00 for Beijing time or Z for UTC)");
        } catch (DateTimeParseException again) {
          throw Checks.bad(
              name,
              "not an ISO-8601 instant: "
                  + Checks.quote(s, 40)
                  + " (expected e.g. 2025-11-08T20:15:03+08:00)");
        }
      }
    }

    Payload.Box box(String name) {
      JsonNode n = get(name, false);
      if (n == null) {
        return null;
      }
      if (!n.isArray() || n.size() != 4) {
        throw Checks.bad(name, "must be an array [x, y, w, h], was " + describe(n));
      }
      int[] v = new int[4];
      for (int i = 0; i < 4; i++) {
        JsonNode c = n.get(i);
        if (!c.isIntegralNumber() || !c.canConvertToInt()) {
          throw Checks.bad(name, "must hold four whole numbers of pixels, was " + describe(n));
        }
        v[i] = c.intValue();
      }
      return new Payload.Box(v[0], v[1], v[2], v[3]);
    }

    Map<String, String> attributes(String name) {
      JsonNode n = get(name, false);
      if (n == null) {
        return Map.of();
      }
      if (!n.isObject()) {
        throw Checks.bad(name, "must be an object of names to strings, was " + describe(n));
      }
      if (n.size() > Checks.MAX_ATTRIBUTES) {
        throw Checks.bad(
            name, "has " + n.size() + " entries; the limit is " + Checks.MAX_ATTRIBUTES);
      }
      Map<String, String> out = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        JsonNode v = e.getValue();
        if (v.isString()) {
          out.put(e.getKey(), v.stringValue());
        } else if (v.isNumber() || v.isBoolean()) {
          out.put(e.getKey(), v.asString());
        } else {
          throw Checks.bad(name + "." + e.getKey(), "must be a string, was " + describe(v));
        }
      }
      return out;
    }

    Payload.PriceSource priceSource(String name) {
      String s = string(name, true);
      Payload.PriceSource source = Payload.PriceSource.byId(s);
      if (source == null) {
        throw Checks.bad(
            name,
            "unknown price source "
                + Checks.quote(s, 40)
                + " (known: listing, checkout, elsewhere, cost)");
      }
      return source;
    }
  }

  private static String describe(JsonNode n) {
    if (n.isString()) {
      return Checks.quote(n.stringValue(), 40);
    }
    if (n.isObject()) {
      return "an object";
    }
    if (n.isArray()) {
      return "an array of " + n.size();
    }
    String s = n.toString();
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  /** The JSON object of one event, on one line, {@code at} in UTC. */
  public static String write(Event e) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("id", e.id());
    o.put("type", e.type());
    o.put("platform", e.platform().id());
    o.put("room", e.room());
    o.put("session", e.session());
    o.put("at", e.at().toString());
    Payload p = e.payload();
    if (p instanceof Payload.Transcript t) {
      o.put("text", t.text());
      o.put("start_ms", t.startMs());
      o.put("end_ms", t.endMs());
      putIfPresent(o, "confidence", t.confidence());
      putIfPresent(o, "engine", t.engine());
    } else if (p instanceof Payload.ScreenText s) {
      o.put("text", s.text());
      if (s.box() != null) {
        ArrayNode box = o.putArray("box");
        s.box().asList().forEach(box::add);
      }
      putIfPresent(o, "frame", s.frame());
    } else if (p instanceof Payload.Chat c) {
      o.put("user", c.user());
      o.put("text", c.text());
    } else if (p instanceof Payload.Listing l) {
      o.put("listing", l.listing());
      o.put("title", l.title());
      if (!l.attributes().isEmpty()) {
        ObjectNode a = o.putObject("attributes");
        l.attributes().forEach(a::put);
      }
      o.put("price", l.price());
      if (l.originalPrice() != null) {
        o.put("original_price", l.originalPrice());
      }
      putIfPresent(o, "category", l.category());
      putIfPresent(o, "shop", l.shop());
      putIfPresent(o, "brand", l.brand());
    } else if (p instanceof Payload.Price pr) {
      o.put("listing", pr.listing());
      o.put("price", pr.price());
      o.put("currency", pr.currency());
      o.put("source", pr.source().id());
      putIfPresent(o, "seller", pr.seller());
    } else if (p instanceof Payload.Sales s) {
      putIfPresent(o, "listing", s.listing());
      o.put("count", s.count());
      if (s.viewers() != null) {
        o.put("viewers", s.viewers().longValue());
      }
    } else if (p instanceof Payload.PkStarted pk) {
      putIfPresent(o, "opponent", pk.opponent());
    } else if (p instanceof Payload.StoreStatus s) {
      o.put("status", s.status());
    } else if (p instanceof Payload.Script s) {
      o.put("text", s.text());
      putIfPresent(o, "category", s.category());
    }
    return MAPPER.writeValueAsString(o);
  }

  private static void putIfPresent(ObjectNode o, String name, String value) {
    if (value != null) {
      o.put(name, value);
    }
  }

  private static void putIfPresent(ObjectNode o, String name, Double value) {
    if (value != null) {
      o.put(name, value.doubleValue());
    }
  }

  /** Receives the outcome of each line of a JSONL stream. */
  public interface LineSink {
    /** An event parsed from line {@code line} (from 1). */
    void accept(int line, Event event);

    /** Line {@code line} was rejected; {@code message} says why, without the line number. */
    void reject(int line, String message);
  }

  /**
   * Reads a JSONL stream: one event per line, blank lines skipped, a line over {@link
   * #MAX_LINE_CHARS} rejected without buffering it whole. Every line reaches {@code sink} either as
   * an event or as a rejection; reading goes on after a rejected line.
   *
   * @return the number of lines read
   */
  public static int readJsonl(Reader in, LineSink sink) throws IOException {
    StringBuilder line = new StringBuilder(256);
    int number = 0;
    boolean overlong = false;
    char[] buf = new char[8192];
    for (int n; (n = in.read(buf)) >= 0; ) {
      for (int i = 0; i < n; i++) {
        char c = buf[i];
        if (c == '\n') {
          number++;
          finish(number, line, overlong, sink);
          line.setLength(0);
          overlong = false;
        } else if (line.length() < MAX_LINE_CHARS) {
          line.append(c);
        } else {
          overlong = true;
        }
      }
    }
    if (line.length() > 0 || overlong) {
      number++;
      finish(number, line, overlong, sink);
    }
    return number;
  }

  private static void finish(int number, StringBuilder line, boolean overlong, LineSink sink) {
    if (overlong) {
      sink.reject(number, "line longer than " + MAX_LINE_CHARS + " characters");
      return;
    }
    if (number == 1 && line.length() > 0 && line.charAt(0) == '\uFEFF') {
      line.deleteCharAt(0);
    }
    if (line.length() > 0 && line.charAt(line.length() - 1) == '\r') {
      line.setLength(line.length() - 1);
    }
    if (line.toString().isBlank()) {
      return;
    }
    try {
      sink.accept(number, parse(line.toString()));
    } catch (EventFormatException e) {
      sink.reject(number, e.getMessage());
    }
  }
}

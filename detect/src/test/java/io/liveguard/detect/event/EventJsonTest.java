package io.liveguard.detect.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class EventJsonTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Path SCHEMA = Path.of("../docs/events.schema.json");

  private static List<String> lines(String resource) throws IOException {
    try (var in = EventJsonTest.class.getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(l -> !l.isBlank())
          .toList();
    }
  }

  private static MiniJsonSchema schema() throws IOException {
    return new MiniJsonSchema(JSON.readTree(Files.readString(SCHEMA)));
  }

  @Test
  void parsesEveryTypeAndWritesItBackToTheSameEvent() throws Exception {
    Set<String> types = new HashSet<>();
    for (String line : lines("/events/samples.jsonl")) {
      Event e = EventJson.parse(line);
      types.add(e.type());
      assertThat(EventJson.parse(EventJson.write(e))).isEqualTo(e);
    }
    assertThat(types).containsExactlyInAnyOrderElementsOf(EventType.ids());
  }

  @Test
  void readsMoneyExactlyFromNumbersAndStrings() throws Exception {
    List<String> l = lines("/events/samples.jsonl");
    Payload.Listing listing = (Payload.Listing) EventJson.parse(l.get(1)).payload();
    assertThat(listing.price()).isEqualByComparingTo("99");
    assertThat(listing.originalPrice()).isEqualTo(new BigDecimal("199.00"));
    assertThat(listing.attributes())
        .containsExactly(Map.entry("成分", "100%棉"), Map.entry("产地", "广东"));
    Payload.Price price = (Payload.Price) EventJson.parse(l.get(5)).payload();
    assertThat(price.price()).isEqualTo(new BigDecimal("89.9"));
    assertThat(EventJson.write(EventJson.parse(l.get(5)))).contains("\"price\":89.9");
  }

  @Test
  void convertsOffsetsToTheSameInstant() throws Exception {
    Event e = EventJson.parse(lines("/events/samples.jsonl").get(0));
    assertThat(e.at()).isEqualTo(Instant.parse("2025-11-08T12:00:00Z"));
    assertThat(e.conductDate()).hasToString("2025-11-08");
    assertThat(EventJson.write(e)).contains("\"at\":\"2025-11-08T12:00:00Z\"");
  }

  @Test
  void rejectsMalformedEventsWithAMessageNamingTheFieldAndValue() throws IOException {
    for (String line : lines("/events/invalid.jsonl")) {
      String[] parts = line.split("\t");
      assertThatThrownBy(() -> EventJson.parse(parts[0]))
          .as(parts[0])
          .isInstanceOf(EventFormatException.class)
          .hasMessageContaining(parts[1]);
    }
  }

  @Test
  void enforcesTextAndAttributeLimits() throws Exception {
    ObjectNode o = (ObjectNode) JSON.readTree(lines("/events/samples.jsonl").get(2));
    o.put("text", "天".repeat(10_000));
    assertThat(EventJson.parse(o.toString()).payload()).isInstanceOf(Payload.Transcript.class);
    o.put("text", "天".repeat(10_001));
    assertThatThrownBy(() -> EventJson.parse(o.toString()))
        .hasMessage("field \"text\": has 10001 characters; the limit is 10000 (split the text)");

    ObjectNode l = (ObjectNode) JSON.readTree(lines("/events/samples.jsonl").get(1));
    ObjectNode attrs = l.putObject("attributes");
    for (int i = 0; i < 200; i++) {
      attrs.put("k" + i, "v");
    }
    assertThat(((Payload.Listing) EventJson.parse(l.toString()).payload()).attributes())
        .hasSize(200);
    attrs.put("k200", "v");
    assertThatThrownBy(() -> EventJson.parse(l.toString()))
        .hasMessage("field \"attributes\": has 201 entries; the limit is 200");
  }

  @Test
  void rejectsHostileNestingAndHugeNumbers() {
    String deep = "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
    assertThatThrownBy(() -> EventJson.parse(deep)).hasMessageStartingWith("not valid JSON");
    String big =
        "{\"id\":\"a\",\"type\":\"sales\",\"platform\":\"jd\",\"room\":\"r\",\"session\":\"s\","
            + "\"at\":\"2025-01-01T00:00:00Z\",\"count\":"
            + "9".repeat(100)
            + "}";
    assertThatThrownBy(() -> EventJson.parse(big)).isInstanceOf(EventFormatException.class);
    assertThatThrownBy(() -> EventJson.parse("")).isInstanceOf(EventFormatException.class);
    assertThatThrownBy(() -> EventJson.parse("null")).isInstanceOf(EventFormatException.class);
  }

  @Test
  void jsonlReaderReportsEachBadLineByNumberAndKeepsGoing() throws IOException {
    List<String> good = lines("/events/samples.jsonl");
    String input =
        "\uFEFF"
            + good.get(0)
            + "\r\n\n"
            + "{\"id\":\"x\",\"type\":\"chat\"}\n"
            + good.get(1)
            + "\n"
            + "x".repeat(EventJson.MAX_LINE_CHARS + 5)
            + "\n"
            + good.get(2);
    List<String> seen = new ArrayList<>();
    int n =
        EventJson.readJsonl(
            new StringReader(input),
            new EventJson.LineSink() {
              @Override
              public void accept(int line, Event event) {
                seen.add(line + " " + event.id());
              }

              @Override
              public void reject(int line, String message) {
                seen.add(line + " ! " + message);
              }
            });
    assertThat(n).isEqualTo(6);
    assertThat(seen)
        .containsExactly(
            "1 e-0001",
            "3 ! field \"platform\": is required",
            "4 e-0002",
            "5 ! line longer than 1048576 characters",
            "6 e-0003");
  }

  @Test
  void schemaListsExactlyTheFieldsTheCodecAccepts() throws IOException {
    JsonNode defs = JSON.readTree(Files.readString(SCHEMA)).get("$defs");
    for (EventType t : EventType.values()) {
      JsonNode def = defs.get(t.id());
      assertThat(def).as(t.id()).isNotNull();
      assertThat(new ArrayList<>(def.get("properties").propertyNames()))
          .as(t.id())
          .containsExactlyElementsOf(EventJson.fieldNames(t));
    }
    assertThat(defs.propertyNames()).hasSize(EventType.values().length);
  }

  @Test
  void schemaAndCodecAgreeOnWhichFieldsAreRequired() throws Exception {
    JsonNode defs = JSON.readTree(Files.readString(SCHEMA)).get("$defs");
    MiniJsonSchema schema = schema();
    for (String line : lines("/events/samples.jsonl")) {
      ObjectNode event = (ObjectNode) JSON.readTree(line);
      Set<String> required = new HashSet<>();
      defs.get(event.get("type").stringValue())
          .get("required")
          .values()
          .forEach(r -> required.add(r.stringValue()));
      for (String field : new ArrayList<>(event.propertyNames())) {
        ObjectNode without = event.deepCopy();
        without.remove(field);
        boolean codecAccepts = accepts(without.toString());
        boolean schemaAccepts = schema.validate(without).isEmpty();
        assertThat(codecAccepts).as(field + " in " + line).isEqualTo(!required.contains(field));
        assertThat(schemaAccepts).as(field + " in " + line).isEqualTo(codecAccepts);
      }
    }
  }

  @Test
  void validSamplesPassTheSchemaAndInvalidOnesFailIt() throws Exception {
    MiniJsonSchema schema = schema();
    for (String line : lines("/events/samples.jsonl")) {
      assertThat(schema.validate(JSON.readTree(line))).as(line).isEmpty();
    }
    Map<String, String> schemaMisses = new LinkedHashMap<>();
    for (String line : lines("/events/invalid.jsonl")) {
      String json = line.split("\t")[0];
      JsonNode node;
      try {
        node = JSON.readTree(json);
      } catch (RuntimeException notJson) {
        continue;
      }
      if (schema.validate(node).isEmpty()) {
        schemaMisses.put(json, line.split("\t")[1]);
      }
    }
    // What JSON Schema cannot express: end_ms ≥ start_ms, two decimal places of money, box w/h ≥ 1,
    // the year range, duplicate keys (a parser matter); the codec checks them (see above).
    assertThat(schemaMisses.values())
        .allMatch(
            m ->
                m.contains("end_ms")
                    || m.contains("decimal places")
                    || m.contains("w, h ≥ 1")
                    || m.contains("years 2000")
                    || m.contains("Duplicate"));
  }

  private static boolean accepts(String json) {
    try {
      EventJson.parse(json);
      return true;
    } catch (EventFormatException e) {
      return false;
    }
  }
}

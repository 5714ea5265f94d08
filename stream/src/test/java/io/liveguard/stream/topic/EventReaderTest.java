package io.liveguard.stream.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liveguard.stream.testing.Events;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventReaderTest {

  private static EventRecord read(String json) throws EventRejectedException {
    return EventReader.read(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsTheRoutingFieldsAndKeepsTheJsonAsReceived() throws Exception {
    String json =
        "{\"id\":\"e-0003\",\"type\":\"transcript\",\"platform\":\"douyin\",\"room\":\"r-8848\","
            + "\"session\":\"s-20251108\",\"at\":\"2025-11-08T20:01:12+08:00\","
            + "\"text\":\"这件是天丝的\",\"start_ms\":72000,\"end_ms\":75400}";
    EventRecord e = read(json);
    assertThat(e.key()).isEqualTo("douyin/r-8848");
    assertThat(e.id()).isEqualTo("e-0003");
    assertThat(e.type()).isEqualTo("transcript");
    assertThat(e.session()).isEqualTo("s-20251108");
    assertThat(e.at()).isEqualTo(java.time.Instant.parse("2025-11-08T12:01:12Z").toEpochMilli());
    assertThat(e.json()).isEqualTo(json);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          {"type":"chat","platform":"douyin","room":"r","session":"s","at":"2025-11-08T20:00:00Z","user":"u","text":"t"} | field "id": is required
          {"id":"a b","type":"chat","platform":"douyin","room":"r","session":"s","at":"2025-11-08T20:00:00Z","user":"u","text":"t"} | field "id":
          {"id":7,"type":"chat","platform":"douyin","room":"r","session":"s","at":"2025-11-08T20:00:00Z","user":"u","text":"t"} | field "id": must be a string
          {"id":"x","type":"chat","platform":"douyin","room":"r/1","session":"s","at":"2025-11-08T20:00:00Z","user":"u","text":"t"} | field "room":
          {"id":"x","type":"chat","platform":"DouYin","room":"r","session":"s","at":"2025-11-08T20:00:00Z","user":"u","text":"t"} | field "platform": unknown platform "DouYin"
          {"id":"x","type":"chat","platform":"douyin","room":"r","session":"s","at":"yesterday","user":"u","text":"t"} | field "at": not an ISO-8601 instant: "yesterday"
          {"id":"x","type":"chat","platform":"douyin","room":"r","session":"s","at":"2025-11-08T20:00:00","user":"u","text":"t"} | field "at": has no time-zone offset
          {"id":"x","type":"chat","platform":"douyin","room":"r","session":"s","at":"1970-01-01T00:00:00Z","user":"u","text":"t"} | field "at": must lie between the years 2000 and 2099
          {"id":"x","type":"gift","platform":"douyin","room":"r","session":"s","at":"2025-11-08T20:00:00Z"} | field "type": unknown event type "gift"
          {"id":"x","id":"y","type":"chat","platform":"douyin","room":"r","session":"s","at":"2025-11-08T20:00:00Z","user":"u","text":"t"} | not valid JSON: Duplicate Object property "id"
          [1,2,3] | expected a JSON object
          {"id":"x"} {"id":"y"} | not valid JSON: Trailing token
          not json | not valid JSON
          """)
  void rejectsMalformedEventsNamingTheField(String json, String message) {
    assertThatThrownBy(() -> read(json))
        .isInstanceOf(EventRejectedException.class)
        .hasMessageContaining(message);
  }

  @Test
  void rejectsEmptyOversizedDeepAndNonUtf8Values() {
    assertThatThrownBy(() -> EventReader.read(new byte[0])).hasMessageContaining("empty value");
    assertThatThrownBy(() -> EventReader.read(null)).hasMessageContaining("empty value");
    byte[] big = new byte[EventReader.MAX_VALUE_BYTES + 1];
    java.util.Arrays.fill(big, (byte) ' ');
    assertThatThrownBy(() -> EventReader.read(big))
        .hasMessageContaining("exceeds the limit of 1048576 bytes");
    String deep = "{\"a\":".repeat(50) + "1" + "}".repeat(50);
    assertThatThrownBy(() -> read(deep)).hasMessageContaining("nesting depth");
    byte[] latin1 = "{\"id\":\"é\"}".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> EventReader.read(latin1)).hasMessageContaining("not valid UTF-8");
  }

  @Test
  void aRejectedRecordKeepsItsPositionReasonAndOriginalBytes() {
    byte[] value = "{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    Inbound in =
        EventDeserializer.read(
            "t",
            1,
            42,
            new ConsumerRecord<>("t", 1, 42, "k".getBytes(StandardCharsets.UTF_8), value));
    assertThat(in.event()).isNull();
    Rejection r = in.rejection();
    assertThat(r.topic()).isEqualTo("t");
    assertThat(r.partition()).isEqualTo(1);
    assertThat(r.offset()).isEqualTo(42);
    assertThat(r.reason()).isEqualTo("field \"type\": is required");
    assertThat(Base64.getDecoder().decode(r.value())).isEqualTo(value);
    String json = RejectionSerializer.toJson(r);
    assertThat(json)
        .startsWith("{\"schema\":\"liveguard.rejected.v1\",\"topic\":\"t\",\"partition\":1")
        .contains("\"error\":\"field \\\"type\\\": is required\"");
  }

  @Test
  void anOversizedRejectedValueIsCutToFitOneKafkaRequest() {
    byte[] value = new byte[EventReader.MAX_VALUE_BYTES + 10];
    Inbound in = EventDeserializer.read("t", 0, 0, new ConsumerRecord<>("t", 0, 0, null, value));
    assertThat(Base64.getDecoder().decode(in.rejection().value()))
        .hasSize(EventDeserializer.MAX_KEPT_BYTES);
    assertThat(in.rejection().reason()).contains("value cut to its first 262144 of 1048586 bytes");
  }

  @Test
  void rejectsAnUnknownSchemaVersionInsteadOfGuessing() {
    String json = Events.text("chat", "e1", "r", "s", Events.T0, "hi");
    ConsumerRecord<byte[], byte[]> r =
        new ConsumerRecord<>("t", 0, 7, null, json.getBytes(StandardCharsets.UTF_8));
    r.headers().add(Topics.SCHEMA_HEADER, "liveguard.event.v2".getBytes(StandardCharsets.UTF_8));
    assertThat(EventDeserializer.read("t", 0, 7, r).rejection().reason())
        .contains("unknown schema \"liveguard.event.v2\"");

    ConsumerRecord<byte[], byte[]> v1 =
        new ConsumerRecord<>("t", 0, 8, null, json.getBytes(StandardCharsets.UTF_8));
    v1.headers().add(Topics.SCHEMA_HEADER, Topics.EVENT_SCHEMA.getBytes(StandardCharsets.UTF_8));
    assertThat(EventDeserializer.read("t", 0, 8, v1).event().id()).isEqualTo("e1");
  }

  @Test
  void keepsHostileTextIntactForTheAnalyzer() throws Exception {
    String text = "<script>alert(1)</script>\u0000\u202e最好😀";
    EventRecord e = read(Events.text("chat", "e1", "r", "s", Events.T0, text));
    assertThat(
            new tools.jackson.databind.ObjectMapper().readTree(e.json()).get("text").stringValue())
        .isEqualTo(text);
  }
}

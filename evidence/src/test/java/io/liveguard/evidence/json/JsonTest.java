package io.liveguard.evidence.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The canonical writer and the reader of evidence JSON. */
class JsonTest {

  private static String canonical(Object v) {
    return new String(Json.canonical(v), StandardCharsets.UTF_8);
  }

  @Test
  void stringsAreEscapedMinimallyAsInRfc8785() {
    assertThat(canonical("plain 全网最低价 é")).isEqualTo("\"plain 全网最低价 é\"");
    assertThat(canonical("q\"b\\s/")).isEqualTo("\"q\\\"b\\\\s/\"");
    assertThat(canonical("\b\f\n\r\t")).isEqualTo("\"\\b\\f\\n\\r\\t\"");
    assertThat(canonical("\u0000a\u001fb\u007f")).isEqualTo("\"\\u0000a\\u001fb\u007f\"");
    assertThat(canonical("")).isEqualTo("\"\"");
    assertThat(canonical("\"")).isEqualTo("\"\\\"\"");
    assertThat(canonical("end\\")).isEqualTo("\"end\\\\\"");
  }

  @Test
  void objectKeysAreSortedByUtf16CodeUnitsWithoutWhitespace() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("b", List.of(1L, true, "x"));
    m.put("a", null);
    m.put("\uFB01", 2L); // above the surrogates in UTF-16 order
    m.put("\uD83D\uDE00", 3L);
    assertThat(canonical(m))
        .isEqualTo("{\"a\":null,\"b\":[1,true,\"x\"],\"\uD83D\uDE00\":3,\"\uFB01\":2}");
  }

  @Test
  void everyKindOfMapIsWrittenInTheSameOrder() throws JsonException {
    Map<String, Object> hashed = new java.util.HashMap<>();
    for (int i = 0; i < 200; i++) {
      hashed.put("k" + Integer.toString(i * 7919 % 1000, 36), (long) i);
    }
    java.util.TreeMap<String, Object> reversed =
        new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
    reversed.putAll(hashed);
    String expected = canonical(new java.util.TreeMap<>(hashed));
    assertThat(canonical(hashed)).isEqualTo(expected);
    assertThat(canonical(reversed)).isEqualTo(expected);
    assertThat(canonical(new LinkedHashMap<>(reversed))).isEqualTo(expected);
    @SuppressWarnings("unchecked")
    Map<String, Object> back = (Map<String, Object>) Json.parse(expected);
    assertThat(back).isEqualTo(hashed);
    assertThat(new ArrayList<>(back.keySet())).isSorted().hasSize(200);
  }

  @Test
  void aKeyThatIsNotAStringIsRefused() {
    Map<Object, Object> m = new LinkedHashMap<>();
    m.put(1L, "x");
    assertThatThrownBy(() -> Json.canonical(m))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keys must be strings");
  }

  @Test
  void anyStringSurvivesWritingAndReadingBack() throws JsonException {
    Random r = new Random(20261205);
    char[] alphabet = {'a', 'Z', ' ', '"', '\\', '/', '\n', '\t', '\u0001', '\u001f', 'é', '中'};
    for (int n = 0; n < 2_000; n++) {
      StringBuilder b = new StringBuilder();
      int len = r.nextInt(12);
      for (int i = 0; i < len; i++) {
        b.append(alphabet[r.nextInt(alphabet.length)]);
      }
      String s = b.toString();
      Map<String, Object> doc = Map.of("k" + s, s);
      Object back = Json.parse(Json.canonical(doc));
      assertThat(back).as("%s", doc).isEqualTo(doc);
    }
  }

  @Test
  void readsEscapesAndPlainStrings() throws JsonException {
    assertThat(Json.parse("\"abc 中\"")).isEqualTo("abc 中");
    assertThat(Json.parse("\"a\\\"b\\\\c\\/d\\n\\u4e2d\"")).isEqualTo("a\"b\\c/d\n中");
    assertThat(Json.parse("[\"x\",\"\",\"y\\t\"]")).isEqualTo(List.of("x", "", "y\t"));
  }

  @Test
  void malformedStringsAreRefusedWithTheirOffset() {
    assertThatThrownBy(() -> Json.parse("\"abc"))
        .isInstanceOf(JsonException.class)
        .hasMessageContaining("unterminated string");
    assertThatThrownBy(() -> Json.parse("\"a\nb\""))
        .isInstanceOf(JsonException.class)
        .hasMessageContaining("control character");
    assertThatThrownBy(() -> Json.parse("\"a\\"))
        .isInstanceOf(JsonException.class)
        .hasMessageContaining("unterminated escape");
    assertThatThrownBy(() -> Json.parse("\"a\\qb\"")).isInstanceOf(JsonException.class);
  }

  @Test
  void nestingDeeperThanTheLimitIsRefused() {
    String open = "[".repeat(Json.MAX_DEPTH + 2);
    String close = "]".repeat(Json.MAX_DEPTH + 2);
    assertThatThrownBy(() -> Json.parse(open + close))
        .isInstanceOf(JsonException.class)
        .hasMessageContaining("nesting deeper than");
  }
}

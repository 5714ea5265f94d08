package io.liveguard.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HighlightTest {

  @Test
  void marksTheSpanAndKeepsEveryCharacterOfTheText() {
    var s = Highlight.of("这款是全网最低价<b>", List.of(new Highlight.Span(3, 8)));
    assertThat(s)
        .containsExactly(
            new Highlight.Segment("这款是", false),
            new Highlight.Segment("全网最低价", true),
            new Highlight.Segment("<b>", false));
  }

  @Test
  void ignoresSpansOutsideTheTextEmptyOrOverlapping() {
    String t = "abcdef";
    var s =
        Highlight.of(
            t,
            List.of(
                new Highlight.Span(1, 3),
                new Highlight.Span(2, 4),
                new Highlight.Span(5, 5),
                new Highlight.Span(4, 99)));
    assertThat(s)
        .containsExactly(
            new Highlight.Segment("a", false),
            new Highlight.Segment("bc", true),
            new Highlight.Segment("def", false));
    assertThat(String.join("", s.stream().map(Highlight.Segment::text).toList())).isEqualTo(t);
  }

  @Test
  void neverCutsASurrogatePair() {
    String t = "a😀b";
    var s = Highlight.of(t, List.of(new Highlight.Span(2, 4)));
    assertThat(s).extracting(Highlight.Segment::text).containsExactly("a", "😀b");
  }

  @Test
  void matchesOnlyWhenTheSpanHoldsTheMatchedWords() {
    assertThat(Highlight.matches("全网最低价", 0, 5, "全网最低价")).isTrue();
    assertThat(Highlight.matches("全网最低价", 0, 4, "全网最低价")).isFalse();
    assertThat(Highlight.matches("全网", 0, 5, "全网最低价")).isFalse();
    assertThat(Highlight.matches(null, 0, 1, "x")).isFalse();
  }
}

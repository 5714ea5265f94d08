package io.liveguard.platform.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Splits a text into segments so that a template can mark the matched spans of findings without
 * ever emitting the text as markup: each segment is output with {@code th:text}, the hits inside
 * {@code <mark>}.
 */
public final class Highlight {
  private Highlight() {}

  /** A piece of the original text; {@code hit} when it lies inside a matched span. */
  public record Segment(String text, boolean hit) {}

  /** A span to mark, half-open UTF-16 offsets into the text. */
  public record Span(int begin, int end) {}

  /**
   * The segments of {@code text} with {@code spans} marked. Spans outside the text, empty or
   * overlapping an earlier one are ignored (an offset from another text must not cut a wrong
   * piece); a span boundary inside a surrogate pair is moved outwards.
   */
  public static List<Segment> of(String text, List<Span> spans) {
    List<Segment> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    List<Span> sorted = new ArrayList<>(spans);
    sorted.sort(Comparator.comparingInt(Span::begin));
    int at = 0;
    for (Span s : sorted) {
      int b = s.begin();
      int e = s.end();
      if (b < at || e <= b || e > text.length()) {
        continue;
      }
      if (b > 0 && Character.isLowSurrogate(text.charAt(b))) {
        b--;
      }
      if (e < text.length() && Character.isLowSurrogate(text.charAt(e))) {
        e++;
      }
      if (b < at) {
        continue;
      }
      if (b > at) {
        out.add(new Segment(text.substring(at, b), false));
      }
      out.add(new Segment(text.substring(b, e), true));
      at = e;
    }
    if (at < text.length()) {
      out.add(new Segment(text.substring(at), false));
    }
    return out;
  }

  /** Whether {@code [begin, end)} of {@code text} is exactly {@code matched}. */
  public static boolean matches(String text, int begin, int end, String matched) {
    return text != null
        && matched != null
        && begin >= 0
        && end <= text.length()
        && begin < end
        && text.substring(begin, end).equals(matched);
  }
}

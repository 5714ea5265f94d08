package io.liveguard.detect;

import java.util.List;
import java.util.Objects;

/**
 * One rule matched at one place of a text.
 *
 * <p>Offsets are UTF-16 indices into the original text, half-open {@code [begin, end)}; a finding
 * about something absent (a missing mandatory disclaimer) has {@code begin == end == 0}.
 *
 * @param rule the rule id
 * @param category the violation category id
 * @param severity how serious
 * @param channel the channel the text came from
 * @param begin first original UTF-16 index of the matched words
 * @param end one past the last original UTF-16 index
 * @param matched the original characters in {@code [begin, end)}, exactly as written
 * @param term the canonical lexicon term that matched (simplified, without evasion)
 * @param provisions the provisions of law, resolved for the conduct date
 * @param suggestion advice for the merchant, in Chinese
 * @param rewrite the compliant replacement for the matched words ({@code ""} deletes them)
 * @param context related words the rule required nearby (a brand next to 原版), possibly empty
 */
public record Finding(
    String rule,
    String category,
    Severity severity,
    Channel channel,
    int begin,
    int end,
    String matched,
    String term,
    List<Provision> provisions,
    String suggestion,
    String rewrite,
    List<Span> context) {

  public Finding {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(channel, "channel");
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException("bad span [" + begin + ", " + end + ")");
    }
    provisions = List.copyOf(provisions);
    context = List.copyOf(context);
  }

  /** A related span of the original text, half-open, with its characters. */
  public record Span(int begin, int end, String text) {}
}

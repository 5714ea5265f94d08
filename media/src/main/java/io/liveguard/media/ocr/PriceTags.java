package io.liveguard.media.ocr;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds price tags in screen text: an amount after a yuan sign ({@code ¥} U+00A5, {@code ￥} U+FFE5,
 * or the {@code Y} OCR often reads for it) or before {@code 元}, with at most two decimals.
 */
public final class PriceTags {

  /** One price in {@code text[start, end)}. */
  public record PriceTag(BigDecimal amount, int start, int end) {}

  // Y counts as a yuan sign only when it is not part of a Latin word and digits follow directly
  private static final Pattern SIGN =
      Pattern.compile("(?:[¥￥]|(?<![A-Za-z])Y)\\s?(\\d{1,9}(?:[.,]\\d{1,2})?)(?!\\d|[.,]\\d)");
  private static final Pattern YUAN = Pattern.compile("(?<![\\d.])(\\d{1,9}(?:\\.\\d{1,2})?)\\s?元");

  private PriceTags() {}

  /** Every price tag in {@code text}, in order of position. */
  public static List<PriceTag> find(String text) {
    List<PriceTag> out = new ArrayList<>();
    Matcher m = SIGN.matcher(text);
    while (m.find()) {
      out.add(new PriceTag(new BigDecimal(m.group(1).replace(',', '.')), m.start(), m.end()));
    }
    Matcher y = YUAN.matcher(text);
    while (y.find()) {
      out.add(new PriceTag(new BigDecimal(y.group(1)), y.start(), y.end()));
    }
    out.sort(java.util.Comparator.comparingInt(PriceTag::start));
    return out;
  }
}

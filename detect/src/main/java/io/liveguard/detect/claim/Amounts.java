package io.liveguard.detect.claim;

import io.liveguard.detect.model.Fold;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Claims of net weight, volume and item count in free text (足足两斤, 一盒30片, 500克装) and the amounts a
 * listing states (净含量 500g, 规格 30片/盒, 500g*2袋), in base units: grams, millilitres, items.
 *
 * <p>Only amounts anchored to the package count as claims — a quantifier before (一共, 足足, 整整, 净含量,
 * 一盒, 每瓶 …) or 装 after — so that "每天吃两粒" is not read as the package size.
 */
public final class Amounts {

  /** What an amount measures. */
  public enum Kind {
    /** grams. */
    WEIGHT("g"),
    /** millilitres. */
    VOLUME("ml"),
    /** items of one unit word (片, 粒 …). */
    COUNT("");

    final String unit;

    Kind(String unit) {
      this.unit = unit;
    }
  }

  /**
   * An amount at a span of a text.
   *
   * @param kind what it measures
   * @param value in grams, millilitres or items
   * @param unit for counts, the unit word (片); else the base unit
   * @param begin first UTF-16 index
   * @param end one past the last
   */
  public record Amount(Kind kind, BigDecimal value, String unit, int begin, int end) {
    /** The amount as shown in evidence: {@code 1000g}, {@code 30片}. */
    public String display() {
      return value.stripTrailingZeros().toPlainString() + unit;
    }
  }

  private static final String NUM = "([0-9]+(?:\\.[0-9]+)?|[零〇一二两三四五六七八九十百千万]+)";
  private static final String WEIGHT_UNITS = "(公斤|千克|kg|斤|克|g)";
  private static final String VOLUME_UNITS = "(毫升|ml|升|l)";
  private static final String COUNT_UNITS = "(片|粒|颗|支|包|袋|条|只|双|件|贴|块|瓶|罐)";
  private static final String ANCHOR =
      "(?:足足|整整|一共|总共|净含量|净重|足有|一整|(?:一|每)(?:盒|瓶|袋|包|箱|罐|桶|套))(?:有|是|就有|都是)?";

  private static final String MEASURE =
      NUM + "(半)?(?:" + WEIGHT_UNITS + "|" + VOLUME_UNITS + ")(半)?";
  private static final List<Pattern> CLAIM_MEASURES =
      List.of(Pattern.compile(ANCHOR + MEASURE + "(?![a-z])"), Pattern.compile(MEASURE + "装"));
  private static final Pattern CLAIM_COUNT =
      Pattern.compile("(?:" + ANCHOR + NUM + COUNT_UNITS + "|" + NUM + COUNT_UNITS + "装)");
  private static final Pattern LISTED =
      Pattern.compile(
          NUM
              + "(?:"
              + WEIGHT_UNITS
              + "|"
              + VOLUME_UNITS
              + "|"
              + COUNT_UNITS
              + ")(?![a-z])(?:\\s*[*×x]\\s*([0-9]+)\\s*(?:袋|包|盒|瓶|罐|支|件|条|个)?)?");

  private Amounts() {}

  /** Package amounts claimed in a free text. */
  public static List<Amount> claims(String text) {
    String f = Fold.fold(text);
    List<Amount> out = new ArrayList<>();
    if (!Fold.containsAny(f, "斤克g升l片粒颗支包袋条只双件贴块瓶罐")) {
      return out;
    }
    for (Pattern p : CLAIM_MEASURES) {
      Matcher m = p.matcher(f);
      while (m.find()) {
        boolean half = m.group(2) != null || m.group(5) != null;
        Amount a = measure(m.group(1), half, m.group(3), m.group(4), m.start(), m.end(), null);
        if (a != null && out.stream().noneMatch(x -> x.begin() < m.end() && m.start() < x.end())) {
          out.add(a);
        }
      }
    }
    Matcher c = CLAIM_COUNT.matcher(f);
    while (c.find()) {
      String num = c.group(1) != null ? c.group(1) : c.group(3);
      String unit = c.group(1) != null ? c.group(2) : c.group(4);
      BigDecimal n = number(num);
      if (n != null && n.signum() > 0) {
        out.add(new Amount(Kind.COUNT, n, unit, c.start(), c.end()));
      }
    }
    return out;
  }

  /** The amounts a listing states in attributes about content, weight, volume or count. */
  public static List<Listed> listed(Map<String, String> attributes) {
    List<Listed> out = new ArrayList<>();
    for (Map.Entry<String, String> e : attributes.entrySet()) {
      String k = e.getKey();
      if (!(k.contains("净含量")
          || k.contains("重量")
          || k.contains("净重")
          || k.contains("规格")
          || k.contains("容量")
          || k.contains("数量")
          || k.contains("件数")
          || k.contains("片数")
          || k.contains("粒数")
          || k.contains("包装"))) {
        continue;
      }
      String f = Fold.fold(e.getValue());
      Matcher m = LISTED.matcher(f);
      while (m.find()) {
        BigDecimal times = m.group(5) != null ? new BigDecimal(m.group(5)) : BigDecimal.ONE;
        Amount a;
        if (m.group(4) != null) {
          BigDecimal n = number(m.group(1));
          a = n == null ? null : new Amount(Kind.COUNT, n.multiply(times), m.group(4), 0, 0);
        } else {
          a = measure(m.group(1), false, m.group(2), m.group(3), 0, 0, times);
        }
        if (a != null) {
          out.add(new Listed(a, k + "：" + e.getValue()));
        }
      }
    }
    return out;
  }

  /**
   * An amount a listing states and the attribute it came from.
   *
   * @param amount the amount (multiplied out: 500g*2袋 is 1000g)
   * @param source {@code name：value}
   */
  public record Listed(Amount amount, String source) {}

  private static Amount measure(
      String num, boolean half, String wu, String vu, int begin, int end, BigDecimal times) {
    BigDecimal n = number(num);
    if (n == null) {
      return null;
    }
    if (half) {
      n = n.add(new BigDecimal("0.5"));
    }
    if (times != null) {
      n = n.multiply(times);
    }
    if (wu != null) {
      BigDecimal g =
          switch (wu) {
            case "公斤", "千克", "kg" -> new BigDecimal(1000);
            case "斤" -> new BigDecimal(500);
            default -> BigDecimal.ONE;
          };
      return new Amount(Kind.WEIGHT, n.multiply(g), "g", begin, end);
    }
    if (vu != null) {
      BigDecimal ml = vu.equals("升") || vu.equals("l") ? new BigDecimal(1000) : BigDecimal.ONE;
      return new Amount(Kind.VOLUME, n.multiply(ml), "ml", begin, end);
    }
    return null;
  }

  /** Parses Arabic digits or a Chinese numeral (两, 十五, 一百二十, colloquial 一千五); null if not. */
  public static BigDecimal parseNumber(String s) {
    return number(s);
  }

  static BigDecimal number(String s) {
    if (s == null || s.isEmpty()) {
      return null;
    }
    if (Character.isDigit(s.charAt(0))) {
      try {
        return new BigDecimal(s);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    long total = 0;
    long section = 0;
    long digit = -1;
    long lastUnit = 1;
    boolean zero = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      int d = "零〇一二两三四五六七八九".indexOf(c);
      if (d >= 0) {
        digit = d <= 1 ? 0 : d <= 3 ? d - 1 : d == 4 ? 2 : d - 2;
        zero |= d <= 1;
        continue;
      }
      long unit =
          switch (c) {
            case '十' -> 10;
            case '百' -> 100;
            case '千' -> 1000;
            case '万' -> 10000;
            default -> -1;
          };
      if (unit < 0) {
        return null;
      }
      if (unit == 10000) {
        section = (section + Math.max(digit, 0)) * 10000;
        total += section;
        section = 0;
      } else {
        section += (digit < 0 ? 1 : digit) * unit;
      }
      lastUnit = unit;
      digit = -1;
      zero = false;
    }
    if (digit > 0) {
      // 一千五 = 1500: a trailing digit after a unit counts in the next lower unit
      section += lastUnit >= 100 && !zero ? digit * lastUnit / 10 : digit;
    }
    return BigDecimal.valueOf(total + section);
  }
}

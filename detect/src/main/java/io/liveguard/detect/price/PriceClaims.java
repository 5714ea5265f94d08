package io.liveguard.detect.price;

import io.liveguard.detect.model.Fold;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Price claims in speech and screen text: a claimed original price (原价 999), a claimed current
 * price (今天只要 99, 到手价 99), a time limit (仅限今天, 最后一波) and a lowest-price claim (全网最低价). Stateless
 * and thread-safe.
 */
public final class PriceClaims {

  /** What a price claim states. */
  public enum Kind {
    /** A compared "original" price. */
    ORIGINAL,
    /** The price payable now. */
    CURRENT,
    /** The price payable after coupons and discounts (到手价). */
    NET,
    /** A time limit on the price. */
    TIME_LIMIT,
    /** The lowest price anywhere. */
    LOWEST
  }

  /**
   * One claim.
   *
   * @param kind what it states
   * @param price the amount for ORIGINAL, CURRENT and NET; null otherwise
   * @param begin first UTF-16 index in the original text
   * @param end one past the last
   */
  public record Claim(Kind kind, BigDecimal price, int begin, int end) {}

  private static final String MONEY =
      "([0-9]+(?:\\.[0-9]{1,2})?|[零〇两一二三四五六七八九十百千万]+(?=块|元|米)"
          + "|[零〇两一二三四五六七八九十百千万]{2,})(?:(?:块|元|米)([一二三四五六七八九])?(?:钱|毛)?)?"
          + "(?![0-9点号日月年岁个件度%分秒:倍折斤克])";
  private static final Pattern ORIGINAL =
      Pattern.compile(
          "(?:原价|原来卖|原来要|平时卖|平时要|平常卖|日常价|日常卖|专柜价|专柜卖|市场价|官网价|划线价|吊牌价|之前卖|以前卖"
              + "|门店价|零售价|外面卖|外面要)(?:是|都要|都是|要|卖|都卖|为)?\\s*"
              + MONEY);
  private static final Pattern CURRENT =
      Pattern.compile(
          "(?:今天只要|只要|现在只要|直播间价|直播价|秒杀价|现价|福利价|活动价|今天|直播间只要|只卖|就卖|今天只卖)"
              + "(?:是|就|只要|都是)?\\s*"
              + MONEY);
  private static final Pattern NET =
      Pattern.compile("(?:到手价|到手只要|券后价|券后只要|到手)(?:是|就|只要)?\\s*" + MONEY + "|" + MONEY + "到手");
  private static final Pattern TIME_LIMIT =
      Pattern.compile(
          "仅限今天|只限今天|只有今天|仅此一天|今天最后一天|最后一天|最后一波|最后一次|最后一场|限时|最后[0-9一二三四五六七八九十]+分钟"
              + "|错过今天|过了今天|明天恢复原价|明天就恢复|明天涨价|明天就涨|下播就恢复|下播恢复|下播就涨|今晚过后|最后[0-9一二三四五六七八九十]+单");
  private static final Pattern LOWEST =
      Pattern.compile("全网最低|全网最便宜|全网底价|全网最优惠|历史最低|史低|最低价|没有比这更便宜|找不到更便宜");

  private PriceClaims() {}

  /** The price claims of a text, in order of position. */
  public static List<Claim> find(String text) {
    String f = Fold.fold(text);
    List<Claim> out = new ArrayList<>();
    // each expression needs one of these characters; most texts have none
    if (Fold.containsAny(f, "价卖要")) {
      money(ORIGINAL, Kind.ORIGINAL, f, out);
    }
    if (Fold.containsAny(f, "到券")) {
      money(NET, Kind.NET, f, out);
    }
    if (Fold.containsAny(f, "要价天卖")) {
      money(CURRENT, Kind.CURRENT, f, out);
    }
    if (Fold.containsAny(f, "限天后过错明播晚此")) {
      Matcher t = TIME_LIMIT.matcher(f);
      while (t.find()) {
        out.add(new Claim(Kind.TIME_LIMIT, null, t.start(), t.end()));
      }
    }
    if (Fold.containsAny(f, "低便宜史")) {
      Matcher l = LOWEST.matcher(f);
      while (l.find()) {
        out.add(new Claim(Kind.LOWEST, null, l.start(), l.end()));
      }
    }
    out.sort((a, b) -> Integer.compare(a.begin(), b.begin()));
    return out;
  }

  private static void money(Pattern p, Kind kind, String f, List<Claim> out) {
    Matcher m = p.matcher(f);
    while (m.find()) {
      int g = m.group(1) != null ? 1 : 3;
      BigDecimal v = amount(m.group(g), m.group(g + 1));
      if (v == null || v.signum() <= 0) {
        continue;
      }
      int begin = m.start();
      int end = m.end();
      if (out.stream().anyMatch(c -> c.begin() < end && begin < c.end())) {
        continue;
      }
      out.add(new Claim(kind, v, begin, end));
    }
  }

  /** 99, 99.9, 九十九, 九块九 (9.9). */
  static BigDecimal amount(String number, String tenths) {
    if (number == null) {
      return null;
    }
    BigDecimal v = io.liveguard.detect.claim.Amounts.parseNumber(number);
    if (v != null && tenths != null) {
      BigDecimal d = io.liveguard.detect.claim.Amounts.parseNumber(tenths);
      v = d == null ? v : v.add(d.movePointLeft(1));
    }
    return v;
  }
}

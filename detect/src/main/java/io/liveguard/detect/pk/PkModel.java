package io.liveguard.detect.pk;

import io.liveguard.detect.Channel;
import io.liveguard.detect.event.Payload;
import io.liveguard.detect.model.Fold;
import io.liveguard.detect.model.Hit;
import io.liveguard.detect.model.Utterance;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Induced consumption and fake sales around PK battles (快手 PK): pressure cues (帮我拿下, 不买不是家人) and
 * calls to brush orders (刷单, 冲单, 打榜) said during a PK window, and sales snapshots rising faster
 * than the room could sell — more items sold between two snapshots at most {@link #MAX_GAP} apart
 * than the most viewers present at either, and at least {@link #MIN_JUMP} — as a brushing (刷单)
 * signal. Stateless and thread-safe.
 */
public final class PkModel {

  /** Pressure to buy during a PK. */
  public static final String INDUCED = "PK-INDUCED-PURCHASE";

  /** A call to brush orders during a PK. */
  public static final String BRUSHING = "PK-BRUSHING-CALL";

  /** Sales outrunning the audience. */
  public static final String OUTRUN = "SALES-OUTRUN-VIEWERS";

  /** Longest gap between two sales snapshots that are compared. */
  public static final Duration MAX_GAP = Duration.ofMinutes(10);

  /** Smallest jump in items sold that counts. */
  public static final long MIN_JUMP = 20;

  /** Longest PK window when no pk_ended arrives. */
  public static final Duration MAX_PK = Duration.ofMinutes(30);

  private static final Pattern BRUSH =
      Pattern.compile("刷单|刷起来|刷一波|冲单|打榜|冲榜|冲销量|拍了退|拍完退|拍下再退|先拍后退|拍了再退|补单");
  private static final Pattern INDUCE =
      Pattern.compile(
          "帮我拿下|帮我赢|不买不是家人|不拍不是家人|是家人就(下单|拍|买)|家人们冲|给我冲|帮我冲|拿下这一把|守护主播|输了就要|不下单就|"
              + "不支持就|为了我(下单|拍|买)|帮帮我|拍起来拍起来|最后一分钟(了)?(帮|冲|拍)|没买的(都|就)不是|榜一(大哥)?(冲|帮)");

  private PkModel() {}

  /** The rule ids this model raises. */
  public static Set<String> rules() {
    return Set.of(INDUCED, BRUSHING, OUTRUN);
  }

  /** Cues in a text said or shown during a PK window. */
  public static List<Hit> cues(Utterance u, String opponent) {
    List<Hit> out = new ArrayList<>();
    String f = Fold.fold(u.text());
    if (!Fold.containsAny(f, "刷冲打拍补帮不是家给拿守输为最没榜")) {
      return out;
    }
    add(BRUSH, BRUSHING, u, f, opponent, out);
    add(INDUCE, INDUCED, u, f, opponent, out);
    return out;
  }

  private static void add(
      Pattern p, String rule, Utterance u, String f, String opponent, List<Hit> out) {
    Matcher m = p.matcher(f);
    while (m.find()) {
      String matched = u.text().substring(m.start(), m.end());
      out.add(
          new Hit(
              rule,
              u.channel(),
              m.start(),
              m.end(),
              matched,
              matched,
              "PK进行中"
                  + (opponent != null ? "（对手 " + opponent + "）" : "")
                  + "，"
                  + u.source()
                  + "「"
                  + matched
                  + "」",
              List.of(u.event()),
              u.at()));
    }
  }

  /**
   * A sales snapshot and its event.
   *
   * @param event the event id
   * @param at when
   * @param sales the snapshot
   */
  public record Snapshot(String event, Instant at, Payload.Sales sales) {}

  /** The brushing signal between two consecutive snapshots of one listing, or null. */
  public static Hit jump(Snapshot before, Snapshot after) {
    Long v1 = before.sales().viewers();
    Long v2 = after.sales().viewers();
    if (v1 == null || v2 == null) {
      return null;
    }
    if (Duration.between(before.at(), after.at()).compareTo(MAX_GAP) > 0) {
      return null;
    }
    long jump = after.sales().count() - before.sales().count();
    long viewers = Math.max(v1, v2);
    if (jump < MIN_JUMP || jump <= viewers) {
      return null;
    }
    long seconds = Duration.between(before.at(), after.at()).getSeconds();
    return new Hit(
        OUTRUN,
        Channel.LISTING,
        0,
        0,
        "",
        "销量" + (after.sales().listing() != null ? ":" + after.sales().listing() : ""),
        "销量 "
            + before.sales().count()
            + " → "
            + after.sales().count()
            + "（"
            + seconds
            + " 秒内 +"
            + jump
            + "），同期在线人数最多 "
            + viewers
            + "，平均每位观众须购买 "
            + BigDecimal.valueOf(jump)
                .divide(BigDecimal.valueOf(Math.max(viewers, 1)), 1, java.math.RoundingMode.HALF_UP)
            + " 件以上",
        List.of(before.event(), after.event()),
        after.at());
  }
}

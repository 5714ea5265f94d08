package io.liveguard.detect.claim;

import io.liveguard.detect.Channel;
import io.liveguard.detect.event.Payload;
import io.liveguard.detect.model.Fold;
import io.liveguard.detect.model.Hit;
import io.liveguard.detect.model.Utterance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares what is said or shown with the listing being sold: material and composition, leather,
 * precious metal and purity, pearls, origin, licence class (taxonomy claims), net weight, volume
 * and count, and gifts. A contradiction is a {@link Hit} showing both sides.
 *
 * <p>A listing that says nothing about a dimension never contradicts a claim about it: silence is
 * not a contradiction. A claimed regulated class (特字号, 蓝帽子, 药字号, 械字号) also contradicts a listing
 * whose product category cannot carry it. Stateless and thread-safe.
 */
public final class ClaimModel {

  /** The rule raised by contradictions of amounts and gifts. */
  public static final String CLAIM_LISTING = "XC-CLAIM-LISTING";

  private static final Pattern GIFT =
      Pattern.compile(
          "(?:赠送|加赠|附赠|还送|再送|免费送|送)(?:你们|大家|你|您)?(?:[0-9一两二三四五六七八九十]+)?"
              + "(?:个|支|瓶|盒|份|套|件|条|双|只|包|袋|张|片)?([\\p{IsHan}a-z]{2,8})");
  private static final Pattern GIFT_STOP = Pattern.compile("[的哦呀啊了吧给哈呢噢嘛]");
  private static final List<String> NOT_GIFTS =
      List.of("运费险", "包邮", "券", "红包", "优惠", "福利", "一", "二", "两", "到家", "上门", "快递", "出去");

  private final ClaimExtractor extractor;

  /** A model over the taxonomy. */
  public ClaimModel(Taxonomy taxonomy) {
    this.extractor = new ClaimExtractor(taxonomy);
  }

  /** The rule ids this model raises. */
  public Set<String> rules() {
    Set<String> out = new HashSet<>(extractor.taxonomy().rules());
    out.add(CLAIM_LISTING);
    return out;
  }

  /**
   * A listing snapshot and the id of the event that carried it.
   *
   * @param event the event id
   * @param listing the snapshot
   * @param at when it was taken
   */
  public record ListingRef(String event, Payload.Listing listing, Instant at) {}

  /** The contradictions between an utterance and the listing, in order of position. */
  public List<Hit> check(Utterance u, ListingRef ref) {
    return check(u, ref, facts(ref));
  }

  /**
   * What a listing states, worked out once per snapshot and reused for every text compared with it.
   */
  public static final class Facts {
    private final Map<Taxonomy.Dimension, ClaimExtractor.Stated> stated;
    private final List<Amounts.Listed> amounts;

    private Facts(
        Map<Taxonomy.Dimension, ClaimExtractor.Stated> stated, List<Amounts.Listed> amounts) {
      this.stated = stated;
      this.amounts = amounts;
    }
  }

  /** The facts a listing snapshot states. */
  public Facts facts(ListingRef ref) {
    Map<String, String> a = ref.listing().attributes();
    return new Facts(extractor.stated(a), Amounts.listed(a));
  }

  /** The contradictions between an utterance and the listing, with its facts worked out. */
  public List<Hit> check(Utterance u, ListingRef ref, Facts facts) {
    List<Hit> out = new ArrayList<>();
    Payload.Listing l = ref.listing();
    Map<Taxonomy.Dimension, ClaimExtractor.Stated> stated = facts.stated;
    Instant at = u.at().isAfter(ref.at()) ? u.at() : ref.at();
    for (Claim c : extractor.claims(u.text())) {
      String listed = contradiction(c, stated.get(c.dimension()), l.category());
      if (listed == null) {
        continue;
      }
      out.add(
          new Hit(
              c.dimension().rule(),
              u.channel(),
              c.begin(),
              c.end(),
              c.matched(),
              c.dimension().id() + ":" + (c.pure() ? "纯" : "") + c.value().id(),
              u.source()
                  + "「"
                  + c.matched()
                  + "」"
                  + (c.matched().equalsIgnoreCase(c.value().id()) && !c.pure()
                      ? ""
                      : "（"
                          + c.dimension().zh()
                          + "："
                          + (c.pure() ? "纯" : "")
                          + c.value().id()
                          + "）")
                  + "；商品 "
                  + l.listing()
                  + " "
                  + listed,
              events(u, ref),
              at));
    }
    amounts(u, ref, facts.amounts, at, out);
    gifts(u, ref, at, out);
    return out;
  }

  /** What the listing states against the claim, or null if it does not contradict it. */
  private static String contradiction(Claim c, ClaimExtractor.Stated stated, String category) {
    Taxonomy.Value v = c.value();
    if (stated == null) {
      if (v.regulated() && category != null && !v.categories().contains(category)) {
        Set<String> known = new HashSet<>();
        c.dimension().values().forEach(x -> known.addAll(x.categories()));
        if (known.contains(category)) {
          return "商品类目：" + category + "（该类目商品不具有" + v.id() + "资质）";
        }
      }
      return null;
    }
    String sources = "属性 " + String.join("；", stated.sources());
    List<Taxonomy.Value> precise = new ArrayList<>();
    for (Taxonomy.Value l : stated.values()) {
      if (l.contradicts().contains(v.id())) {
        return sources;
      }
      if (l.contradicts().isEmpty()) {
        precise.add(l);
      }
    }
    if (!v.contradicts().isEmpty()) {
      for (Taxonomy.Value l : precise) {
        if (v.contradicts().contains(l.id())) {
          return sources;
        }
      }
      return null;
    }
    if (precise.isEmpty()) {
      return null;
    }
    boolean satisfied = false;
    for (Taxonomy.Value l : precise) {
      satisfied |= l == v || (v.rank() >= 0 && l.rank() >= v.rank() && overlap(l, v));
    }
    if (!satisfied) {
      return sources;
    }
    if (c.dimension().multi() && c.pure()) {
      for (Taxonomy.Value l : precise) {
        if (l != v) {
          return sources;
        }
      }
    }
    return null;
  }

  private static boolean overlap(Taxonomy.Value a, Taxonomy.Value b) {
    for (String f : a.families()) {
      if (b.families().contains(f)) {
        return true;
      }
    }
    return false;
  }

  private static void amounts(
      Utterance u, ListingRef ref, List<Amounts.Listed> listed, Instant at, List<Hit> out) {
    List<Amounts.Amount> claimed = Amounts.claims(u.text());
    if (claimed.isEmpty()) {
      return;
    }
    for (Amounts.Amount c : claimed) {
      Amounts.Listed match = null;
      boolean consistent = false;
      for (Amounts.Listed l : listed) {
        if (l.amount().kind() != c.kind() || !l.amount().unit().equals(c.unit())) {
          continue;
        }
        // within 2 % counts as the same amount (rounding 1斤 ≈ 500g)
        if (c.value().compareTo(l.amount().value().multiply(new java.math.BigDecimal("1.02")))
            <= 0) {
          consistent = true;
        } else if (match == null) {
          match = l;
        }
      }
      if (match != null && !consistent) {
        out.add(
            new Hit(
                CLAIM_LISTING,
                u.channel(),
                c.begin(),
                c.end(),
                u.text().substring(c.begin(), c.end()),
                "amount:" + c.display(),
                u.source()
                    + "「"
                    + u.text().substring(c.begin(), c.end())
                    + "」（"
                    + c.display()
                    + "）；商品 "
                    + ref.listing().listing()
                    + " 属性 "
                    + match.source()
                    + "（"
                    + match.amount().display()
                    + "）",
                events(u, ref),
                at));
      }
    }
  }

  private static void gifts(Utterance u, ListingRef ref, Instant at, List<Hit> out) {
    if (u.channel() == Channel.LISTING) {
      return;
    }
    String giftAttr = null;
    String giftKey = null;
    for (Map.Entry<String, String> e : ref.listing().attributes().entrySet()) {
      if (e.getKey().contains("赠品") || e.getKey().contains("赠送") || e.getKey().contains("附赠")) {
        giftKey = e.getKey();
        giftAttr = e.getValue();
        break;
      }
    }
    if (giftAttr == null) {
      return;
    }
    String f = Fold.fold(u.text());
    if (!Fold.containsAny(f, "送赠")) {
      return;
    }
    String listed = Fold.fold(giftAttr).trim();
    boolean none = listed.isEmpty() || listed.matches("(无|没有|不含|否|无赠品|暂无)");
    Matcher m = GIFT.matcher(f);
    while (m.find()) {
      String noun = m.group(1);
      Matcher stop = GIFT_STOP.matcher(noun);
      if (stop.find()) {
        noun = noun.substring(0, stop.start());
      }
      if (noun.length() < 2 || NOT_GIFTS.stream().anyMatch(noun::contains)) {
        continue;
      }
      String core = noun.substring(noun.length() - 2);
      if (!none && listed.contains(core)) {
        continue;
      }
      int begin = m.start();
      int end = m.start(1) + noun.length();
      out.add(
          new Hit(
              CLAIM_LISTING,
              u.channel(),
              begin,
              end,
              u.text().substring(begin, end),
              "gift:" + noun,
              u.source()
                  + "「"
                  + u.text().substring(begin, end)
                  + "」；商品 "
                  + ref.listing().listing()
                  + " 属性 "
                  + giftKey
                  + "："
                  + giftAttr,
              events(u, ref),
              at));
    }
  }

  private static List<String> events(Utterance u, ListingRef ref) {
    return u.event().equals(ref.event()) ? List.of(u.event()) : List.of(u.event(), ref.event());
  }
}

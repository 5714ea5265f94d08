package io.liveguard.detect.counterfeit;

import io.liveguard.detect.Channel;
import io.liveguard.detect.claim.ClaimModel.ListingRef;
import io.liveguard.detect.model.Fold;
import io.liveguard.detect.model.Hit;
import io.liveguard.detect.model.Utterance;
import io.liveguard.detect.rule.Brand;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counterfeit leads: a brand of the brand dictionary named near a counterfeit cue (原版, 原单, 高仿, 一比一,
 * A货, 复刻, 专柜品质 …) — in the same text within {@value #SAME_TEXT_WINDOW} characters, in speech or
 * screen text within {@link #WINDOW} of each other, or as the brand or title of the listing on sale
 * — is a lead under 商标法 art. 57; it is raised when the listing's price is below {@link
 * #LOW_PRICE_FRACTION} of the brand's reference price, or the shop is not in the brand's authorised
 * sellers. Ambiguous aliases (苹果) count only within {@value #AMBIGUOUS_WINDOW} characters of a cue
 * in the same text. Immutable and thread-safe.
 */
public final class CounterfeitModel {

  /** A brand named near a cue. */
  public static final String CUE = "CF-BRAND-CUE";

  /** … at a small fraction of the brand's reference price. */
  public static final String LOW_PRICE = "CF-BRAND-CUE-LOW-PRICE";

  /** … by a shop the brand has not authorised. */
  public static final String UNAUTHORISED = "CF-BRAND-CUE-UNAUTHORISED";

  /** How far apart in time a brand and a cue in different texts may be. */
  public static final Duration WINDOW = Duration.ofSeconds(60);

  /** Characters between a brand and a cue in the same text. */
  public static final int SAME_TEXT_WINDOW = 30;

  /** Characters between an ambiguous alias and a cue. */
  public static final int AMBIGUOUS_WINDOW = 10;

  /** A price below this fraction of the reference price is a small fraction. */
  public static final BigDecimal LOW_PRICE_FRACTION = new BigDecimal("0.2");

  private static final Pattern CUES =
      Pattern.compile(
          "和原版一模一样|跟原版一模一样|与原版一模一样|和专柜一模一样|跟专柜一模一样|专柜品质|专柜级|原版|原单|高仿|一比一|1比1|1:1|a货|超a|"
              + "复刻|精仿|顶级复刻|同厂|原厂尾单|尾单|莆田|正品原单|代工厂货|仿款|原厂原料");
  private static final Pattern NEGATED = Pattern.compile("(不是|绝不是|不卖|没有|拒绝|不做)$");

  private record Name(String text, Brand brand, boolean ambiguous) {}

  private final List<Name> names;
  private final AuthorisedSellers sellers;

  /**
   * A model over a brand dictionary.
   *
   * @param brands the brand dictionary (as loaded from {@code brands.yaml})
   * @param sellers the authorised-seller register
   */
  public CounterfeitModel(List<Brand> brands, AuthorisedSellers sellers) {
    List<Name> n = new ArrayList<>();
    for (Brand b : brands) {
      Set<String> plain = new LinkedHashSet<>();
      if (b.zh() != null) {
        plain.add(b.zh());
      }
      if (b.en() != null) {
        plain.add(b.en());
      }
      plain.addAll(b.aliases());
      plain.forEach(s -> n.add(new Name(s.toLowerCase(Locale.ROOT), b, false)));
      b.ambiguousAliases().forEach(s -> n.add(new Name(s.toLowerCase(Locale.ROOT), b, true)));
    }
    n.sort((a, b) -> b.text.length() - a.text.length());
    this.names = List.copyOf(n);
    this.sellers = sellers;
  }

  /** The rule ids this model raises. */
  public static Set<String> rules() {
    return Set.of(CUE, LOW_PRICE, UNAUTHORISED);
  }

  private record Mention(Brand brand, int begin, int end, boolean ambiguous) {}

  private record Cue(int begin, int end) {}

  /**
   * Leads raised by a new text.
   *
   * @param u the new text (speech or screen)
   * @param recent earlier texts of the session, any order; those within {@link #WINDOW} count
   * @param listing the listing on sale, or null
   */
  public List<Hit> check(Utterance u, List<Utterance> recent, ListingRef listing) {
    List<Hit> out = new ArrayList<>();
    String f = Fold.fold(u.text());
    List<Cue> cues = cues(f);
    List<Mention> mentions = mentions(f);
    Set<String> done = new LinkedHashSet<>();
    // cue and brand in this text
    for (Cue c : cues) {
      for (Mention m : mentions) {
        int gap = m.begin >= c.end ? m.begin - c.end : c.begin >= m.end ? c.begin - m.end : 0;
        if (gap <= (m.ambiguous ? AMBIGUOUS_WINDOW : SAME_TEXT_WINDOW) && done.add(m.brand.id())) {
          raise(
              u,
              c,
              m.brand,
              List.of(u.event()),
              "同句提及品牌「" + u.text().substring(m.begin, m.end) + "」",
              listing,
              out);
        }
      }
    }
    // cue here, brand in a recent text or the listing; brand here, cue in a recent text
    for (Utterance r : recent) {
      if (r.event().equals(u.event())
          || Duration.between(r.at(), u.at()).abs().compareTo(WINDOW) > 0) {
        continue;
      }
      String rf = Fold.fold(r.text());
      for (Cue c : cues) {
        for (Mention m : mentions(rf)) {
          if (!m.ambiguous && done.add(m.brand.id())) {
            raise(
                u,
                c,
                m.brand,
                List.of(u.event(), r.event()),
                r.source() + "「" + r.text().substring(m.begin, m.end) + "」",
                listing,
                out);
          }
        }
      }
      for (Cue rc : cues(rf)) {
        for (Mention m : mentions) {
          if (!m.ambiguous && done.add(m.brand.id())) {
            Hit h =
                hit(
                    r,
                    rc,
                    m.brand,
                    List.of(r.event(), u.event()),
                    u.source() + "「" + u.text().substring(m.begin, m.end) + "」",
                    listing);
            out.add(h);
          }
        }
      }
    }
    if (listing != null && !cues.isEmpty()) {
      String lt =
          listing.listing().title()
              + " "
              + (listing.listing().brand() == null ? "" : listing.listing().brand());
      for (Mention m : mentions(Fold.fold(lt))) {
        if (!m.ambiguous && done.add(m.brand.id())) {
          raise(
              u,
              cues.get(0),
              m.brand,
              List.of(u.event(), listing.event()),
              "商品 " + listing.listing().listing() + "「" + lt.substring(m.begin, m.end) + "」",
              listing,
              out);
        }
      }
    }
    return out;
  }

  private void raise(
      Utterance u,
      Cue c,
      Brand b,
      List<String> events,
      String brandSide,
      ListingRef listing,
      List<Hit> out) {
    out.add(hit(u, c, b, events, brandSide, listing));
  }

  private Hit hit(
      Utterance u, Cue c, Brand b, List<String> events, String brandSide, ListingRef listing) {
    String cue = u.text().substring(c.begin, c.end);
    String rule = CUE;
    StringBuilder evidence =
        new StringBuilder(u.source())
            .append("「")
            .append(cue)
            .append("」；")
            .append(brandSide)
            .append("（")
            .append(b.displayName())
            .append(b.en() != null && b.zh() != null ? " " + b.en() : "")
            .append("）");
    List<String> ev = new ArrayList<>(events);
    if (listing != null) {
      Boolean ok = sellers.authorised(b.id(), listing.listing().shop());
      if (Boolean.FALSE.equals(ok)) {
        rule = UNAUTHORISED;
        evidence.append("；店铺「").append(listing.listing().shop()).append("」不在品牌授权名单内");
      } else if (b.referencePrice() != null
          && listing.listing().price().compareTo(b.referencePrice().multiply(LOW_PRICE_FRACTION))
              < 0) {
        rule = LOW_PRICE;
        evidence
            .append("；售价 ")
            .append(listing.listing().price().stripTrailingZeros().toPlainString())
            .append(" 不足品牌参考价 ")
            .append(b.referencePrice().stripTrailingZeros().toPlainString())
            .append(" 的 20%");
      }
      if (!rule.equals(CUE) && !ev.contains(listing.event())) {
        ev.add(listing.event());
      }
    }
    return new Hit(
        rule,
        u.channel() == Channel.LISTING ? Channel.LISTING : u.channel(),
        c.begin,
        c.end,
        cue,
        b.id(),
        evidence.toString(),
        ev,
        u.at());
  }

  private static List<Cue> cues(String f) {
    List<Cue> out = new ArrayList<>();
    Matcher m = CUES.matcher(f);
    while (m.find()) {
      String before = f.substring(Math.max(0, m.start() - 3), m.start());
      if (!NEGATED.matcher(before).find()) {
        out.add(new Cue(m.start(), m.end()));
      }
    }
    return out;
  }

  private List<Mention> mentions(String f) {
    List<Mention> out = new ArrayList<>();
    boolean[] taken = new boolean[f.length()];
    for (Name n : names) {
      int from = 0;
      for (int i; (i = f.indexOf(n.text, from)) >= 0; from = i + 1) {
        int end = i + n.text.length();
        if (taken[i] || taken[end - 1] || !bounded(f, i, end, n.text)) {
          continue;
        }
        for (int k = i; k < end; k++) {
          taken[k] = true;
        }
        out.add(new Mention(n.brand, i, end, n.ambiguous));
      }
    }
    return out;
  }

  private static boolean bounded(String f, int begin, int end, String name) {
    boolean ascii = name.chars().allMatch(c -> c < 0x80);
    if (!ascii) {
      return true;
    }
    return (begin == 0 || !asciiAlnum(f.charAt(begin - 1)))
        && (end == f.length() || !asciiAlnum(f.charAt(end)));
  }

  private static boolean asciiAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }
}

package io.liveguard.detect.counterfeit;

import io.liveguard.detect.claim.ClaimModel.ListingRef;
import io.liveguard.detect.event.Payload;
import io.liveguard.detect.model.Fold;
import io.liveguard.detect.model.Hit;
import io.liveguard.detect.model.Utterance;
import io.liveguard.detect.rule.Brand;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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

  private final List<Name>[] byFirst;
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
      for (String s : plain) {
        String f = Fold.fold(s);
        if (!f.isEmpty()) {
          n.add(new Name(f, b, false));
        }
      }
      for (String s : b.ambiguousAliases()) {
        String f = Fold.fold(s);
        if (!f.isEmpty()) {
          n.add(new Name(f, b, true));
        }
      }
    }
    n.sort((a, b) -> b.text.length() - a.text.length());
    @SuppressWarnings({"unchecked", "rawtypes"})
    List<Name>[] index = new List[Character.MAX_VALUE + 1];
    for (Name x : n) {
      char first = x.text.charAt(0);
      if (index[first] == null) {
        index[first] = new ArrayList<>();
      }
      index[first].add(x);
    }
    this.byFirst = index;
    this.sellers = sellers;
  }

  /** The rule ids this model raises. */
  public static Set<String> rules() {
    return Set.of(CUE, LOW_PRICE, UNAUTHORISED);
  }

  private record Mention(Brand brand, int begin, int end, boolean ambiguous) {}

  private record Cue(int begin, int end) {}

  /**
   * A text with its brand mentions and cues, found once and kept in the analyzer's window of recent
   * texts.
   */
  public static final class Scanned {
    private final Utterance utterance;
    private final List<Mention> mentions;
    private final List<Cue> cues;

    private Scanned(Utterance utterance, List<Mention> mentions, List<Cue> cues) {
      this.utterance = utterance;
      this.mentions = mentions;
      this.cues = cues;
    }

    /** The text. */
    public Utterance utterance() {
      return utterance;
    }

    private boolean plainMentions() {
      for (Mention m : mentions) {
        if (!m.ambiguous) {
          return true;
        }
      }
      return false;
    }
  }

  /** Finds the brand mentions and cues of a text. */
  public Scanned scan(Utterance u) {
    String f = Fold.fold(u.text());
    return new Scanned(u, mentions(f), cues(f));
  }

  /**
   * Leads raised by a new text.
   *
   * @param s the new text (speech, screen or a listing title), scanned
   * @param recent earlier texts of the session, any order; those within {@link #WINDOW} count
   * @param listing the listing on sale, or null
   */
  public List<Hit> check(Scanned s, Iterable<Scanned> recent, ListingRef listing) {
    if (s.cues.isEmpty() && !s.plainMentions()) {
      return List.of();
    }
    List<Hit> out = new ArrayList<>();
    Utterance u = s.utterance;
    Set<String> done = new LinkedHashSet<>();
    // cue and brand in this text
    for (Cue c : s.cues) {
      for (Mention m : s.mentions) {
        int gap = m.begin >= c.end ? m.begin - c.end : c.begin >= m.end ? c.begin - m.end : 0;
        if (gap <= (m.ambiguous ? AMBIGUOUS_WINDOW : SAME_TEXT_WINDOW) && done.add(m.brand.id())) {
          out.add(
              hit(
                  u,
                  c,
                  m.brand,
                  List.of(u.event()),
                  "同句提及品牌「" + u.text().substring(m.begin, m.end) + "」",
                  listing));
        }
      }
    }
    // cue here and brand in a recent text, or brand here and cue in a recent text
    for (Scanned r : recent) {
      Utterance ru = r.utterance;
      if (ru.event().equals(u.event())
          || Duration.between(ru.at(), u.at()).abs().compareTo(WINDOW) > 0) {
        continue;
      }
      for (Cue c : s.cues) {
        for (Mention m : r.mentions) {
          if (!m.ambiguous && done.add(m.brand.id())) {
            out.add(
                hit(
                    u,
                    c,
                    m.brand,
                    List.of(u.event(), ru.event()),
                    ru.source() + "「" + ru.text().substring(m.begin, m.end) + "」",
                    listing));
          }
        }
      }
      for (Cue rc : r.cues) {
        for (Mention m : s.mentions) {
          if (!m.ambiguous && done.add(m.brand.id())) {
            out.add(
                hit(
                    ru,
                    rc,
                    m.brand,
                    List.of(ru.event(), u.event()),
                    u.source() + "「" + u.text().substring(m.begin, m.end) + "」",
                    listing));
          }
        }
      }
    }
    if (listing != null && !s.cues.isEmpty()) {
      Payload.Listing l = listing.listing();
      String lt = l.title() + " " + (l.brand() == null ? "" : l.brand());
      for (Mention m : mentions(Fold.fold(lt))) {
        if (!m.ambiguous && done.add(m.brand.id())) {
          out.add(
              hit(
                  u,
                  s.cues.get(0),
                  m.brand,
                  List.of(u.event(), listing.event()),
                  "商品 " + l.listing() + "「" + lt.substring(m.begin, m.end) + "」",
                  listing));
        }
      }
    }
    return out;
  }

  /** Convenience for a text that is not kept: scans it and checks it. */
  public List<Hit> check(Utterance u, List<Utterance> recent, ListingRef listing) {
    List<Scanned> r = new ArrayList<>();
    for (Utterance x : recent) {
      r.add(scan(x));
    }
    return check(scan(u), r, listing);
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
    return new Hit(rule, u.channel(), c.begin, c.end, cue, b.id(), evidence.toString(), ev, u.at());
  }

  private static List<Cue> cues(String f) {
    List<Cue> out = new ArrayList<>();
    if (!Fold.containsAny(f, "和跟与专原高一1a超复精顶同尾莆正代仿")) {
      return out;
    }
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
    int i = 0;
    while (i < f.length()) {
      List<Name> candidates = byFirst[f.charAt(i)];
      int step = 1;
      if (candidates != null) {
        for (Name n : candidates) {
          int end = i + n.text.length();
          if (f.startsWith(n.text, i) && bounded(f, i, end, n.text)) {
            out.add(new Mention(n.brand, i, end, n.ambiguous));
            step = n.text.length();
            break;
          }
        }
      }
      i += step;
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

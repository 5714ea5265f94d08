package io.liveguard.detect.claim;

import io.liveguard.detect.model.Fold;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds taxonomy claims in free text (speech, screen text, titles) and the values a listing's
 * attributes state. Thread-safe.
 *
 * <p>In free text a spelling does not count when a negation or comparison stands right before it
 * (不是天丝, 比真丝还滑, 像羊绒一样) or a likeness marker right after it (真丝般, 天丝感, 羊绒质感): those sentences do not
 * claim the material. Matching is leftmost-longest on folded text (full width and case folded);
 * English spellings must stand between non-letters.
 */
public final class ClaimExtractor {

  private static final String[] BEFORE = {
    "不是", "不含", "没有", "没加", "并非", "而非", "不用", "不像", "比", "像", "堪比", "媲美", "胜过", "不输", "类似", "仿",
    "替代", "代替", "不要", "无", "非", "有没有", "是不是", "赛过", "超过"
  };
  private static final String[] AFTER = {
    "般", "感", "质感", "手感", "触感", "一样", "似的", "风格", "效果", "同款", "吗", "替代", "平替"
  };
  private static final String[] PURE = {"纯", "全", "100%", "百分百", "百分之百", "100%的"};

  private final Taxonomy taxonomy;

  // spellings by their first UTF-16 unit: an array, so that scanning never boxes a char
  @SuppressWarnings({"unchecked", "rawtypes"})
  private final List<Taxonomy.Spelling>[] byFirst = new List[Character.MAX_VALUE + 1];

  /** An extractor for the taxonomy. */
  public ClaimExtractor(Taxonomy taxonomy) {
    this.taxonomy = taxonomy;
    for (Taxonomy.Spelling s : taxonomy.spellings()) {
      char first = s.text().charAt(0);
      if (byFirst[first] == null) {
        byFirst[first] = new ArrayList<>();
      }
      byFirst[first].add(s);
    }
  }

  /** The taxonomy. */
  public Taxonomy taxonomy() {
    return taxonomy;
  }

  /** Claims made in a free text, in order of position. */
  public List<Claim> claims(String text) {
    String f = Fold.fold(text);
    List<Claim> out = new ArrayList<>();
    for (Match m : scan(f, false, null)) {
      if (excluded(f, m.begin, m.end)) {
        continue;
      }
      boolean pure =
          m.spelling.dimension().multi()
              && (m.spelling.text().startsWith("纯")
                  || m.spelling.text().startsWith("全")
                  || m.spelling.text().startsWith("100%")
                  || endsWithAny(f, m.begin, PURE));
      out.add(
          new Claim(
              m.spelling.dimension(),
              m.spelling.value(),
              m.begin,
              m.end,
              text.substring(m.begin, m.end),
              pure));
    }
    return out;
  }

  /**
   * What a listing's attributes state, per dimension: the values found in the attributes whose
   * names state that dimension, with the attributes they came from.
   */
  public Map<Taxonomy.Dimension, Stated> stated(Map<String, String> attributes) {
    Map<Taxonomy.Dimension, Stated> out = new LinkedHashMap<>();
    for (Taxonomy.Dimension d : taxonomy.dimensions()) {
      List<Taxonomy.Value> values = new ArrayList<>();
      List<String> sources = new ArrayList<>();
      for (Map.Entry<String, String> a : attributes.entrySet()) {
        if (!d.statedBy(a.getKey())) {
          continue;
        }
        List<Match> found = scan(Fold.fold(a.getValue()), true, d);
        if (!found.isEmpty()) {
          for (Match m : found) {
            if (!values.contains(m.spelling.value())) {
              values.add(m.spelling.value());
            }
          }
          sources.add(a.getKey() + "：" + a.getValue());
        }
      }
      if (!values.isEmpty()) {
        out.put(d, new Stated(List.copyOf(values), List.copyOf(sources)));
      }
    }
    return out;
  }

  /**
   * Values of one dimension that a listing states.
   *
   * @param values the values, in order found
   * @param sources the attributes they came from, as {@code name：value}
   */
  public record Stated(List<Taxonomy.Value> values, List<String> sources) {}

  private record Match(Taxonomy.Spelling spelling, int begin, int end) {}

  private List<Match> scan(String f, boolean listing, Taxonomy.Dimension only) {
    List<Match> out = new ArrayList<>();
    int i = 0;
    while (i < f.length()) {
      List<Taxonomy.Spelling> candidates = byFirst[f.charAt(i)];
      int best = 0;
      if (candidates != null) {
        for (Taxonomy.Spelling s : candidates) {
          int len = s.text().length();
          if (len < best) {
            break;
          }
          if ((s.listingOnly() && !listing) || (only != null && s.dimension() != only)) {
            continue;
          }
          if (f.startsWith(s.text(), i) && boundaries(f, i, i + len, s.text())) {
            best = len;
            out.add(new Match(s, i, i + len));
          }
        }
      }
      i += Math.max(best, 1);
    }
    return out;
  }

  private static boolean boundaries(String f, int begin, int end, String spelling) {
    if (isLetter(spelling.charAt(0)) && begin > 0 && isLetter(f.charAt(begin - 1))) {
      return false;
    }
    char last = spelling.charAt(spelling.length() - 1);
    return !(isLetter(last) && end < f.length() && isLetter(f.charAt(end)));
  }

  private static boolean isLetter(char c) {
    return c >= 'a' && c <= 'z';
  }

  private static boolean excluded(String f, int begin, int end) {
    if (endsWithAny(f, begin, BEFORE)) {
      return true;
    }
    for (String a : AFTER) {
      if (f.startsWith(a, end)
          || (end < f.length() && f.charAt(end) == '的' && f.startsWith(a, end + 1))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the text before {@code at}, ignoring a few filler characters, ends with one of these.
   */
  private static boolean endsWithAny(String f, int at, String[] suffixes) {
    int k = at;
    while (k > 0 && "是的了个款这件用 ".indexOf(f.charAt(k - 1)) >= 0 && at - k < 3) {
      k--;
    }
    for (int end : new int[] {at, k}) {
      for (String s : suffixes) {
        if (end >= s.length() && f.startsWith(s, end - s.length())) {
          return true;
        }
      }
    }
    return false;
  }
}

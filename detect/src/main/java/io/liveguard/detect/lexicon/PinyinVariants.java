package io.liveguard.detect.lexicon;

import io.liveguard.detect.text.Pinyin;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Generates the pinyin spellings of a normalized term that evaders type: every Chinese character,
 * or any subset of them, replaced by its toneless pinyin (顶级 → ding级, 顶ji, dingji).
 *
 * <p>Single-character terms get none (a lone syllable is far too ambiguous). Subsets are enumerated
 * for terms of up to {@value #MAX_SUBSET_LENGTH} characters; longer terms get the all-pinyin
 * spelling and single-character replacements. Polyphonic characters contribute every reading. At
 * most {@value #MAX_VARIANTS} variants per term.
 */
public final class PinyinVariants {

  static final int MAX_SUBSET_LENGTH = 4;
  static final int MAX_VARIANTS = 48;

  private PinyinVariants() {}

  /** The pinyin variants of normalized term {@code term}, excluding the term itself. */
  public static Set<String> of(String term) {
    int n = term.length();
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (!Pinyin.readings(term.charAt(i)).isEmpty()) {
        positions.add(i);
      }
    }
    Set<String> out = new LinkedHashSet<>();
    if (n < 2 || positions.isEmpty()) {
      return out;
    }
    int p = positions.size();
    if (p <= MAX_SUBSET_LENGTH && n <= MAX_SUBSET_LENGTH + 2) {
      for (int mask = 1; mask < (1 << p) && out.size() < MAX_VARIANTS; mask++) {
        expand(term, positions, mask, 0, new StringBuilder(), 0, out);
      }
    } else {
      expand(term, positions, (1 << Math.min(p, 30)) - 1, 0, new StringBuilder(), 0, out);
      for (int k = 0; k < p && out.size() < MAX_VARIANTS; k++) {
        expand(term, positions, 1 << k, 0, new StringBuilder(), 0, out);
      }
    }
    out.remove(term);
    return out;
  }

  private static void expand(
      String term,
      List<Integer> positions,
      int mask,
      int i,
      StringBuilder prefix,
      int posIndex,
      Set<String> out) {
    if (out.size() >= MAX_VARIANTS) {
      return;
    }
    if (i == term.length()) {
      out.add(prefix.toString());
      return;
    }
    char c = term.charAt(i);
    boolean replace =
        posIndex < positions.size()
            && positions.get(posIndex) == i
            && (mask & (1 << posIndex)) != 0;
    int nextPos =
        posIndex < positions.size() && positions.get(posIndex) == i ? posIndex + 1 : posIndex;
    int len = prefix.length();
    if (replace) {
      for (String reading : Pinyin.readings(c)) {
        prefix.append(reading);
        expand(term, positions, mask, i + 1, prefix, nextPos, out);
        prefix.setLength(len);
      }
    } else {
      prefix.append(c);
      expand(term, positions, mask, i + 1, prefix, nextPos, out);
      prefix.setLength(len);
    }
  }
}

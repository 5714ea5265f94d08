package io.liveguard.detect.text;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Normalizes text so that evasive spellings meet the plain ones, keeping an offset map back to the
 * original.
 *
 * <p>Per code point, in this order: sentence terminators become breaks; NFKD (full width → half
 * width, compatibility forms such as ① → 1, accents split off); combining marks, spaces,
 * punctuation, symbols (emoji), control and format characters (zero-width joiners) are removed;
 * letters are lower-cased; traditional characters become simplified; digit styles become Chinese
 * numerals (1, ①, 壹 → 一). Then runs of the same CJK character fold into one (最最最好 → 最好), across
 * removed characters, except for numerals. Unpaired surrogates are removed.
 *
 * <p>The result is idempotent: normalizing normalized text changes nothing. Thread-safe; the
 * per-character table fills lazily and every entry is a pure function of its character.
 */
public final class Normalizer {

  /*
   * Design: a lazily filled table over the BMP holds, per char, one of: not yet computed (0), drop,
   * break, "multi" (the result has several chars, kept in a map) or the single folded char with a
   * flag saying whether it may repeat-fold. The hot loop is a table lookup per char; the slow path
   * (java.text.Normalizer, the traditional-to-simplified map) runs once per distinct char.
   */

  private static final int DROP = 1;
  private static final int BREAK = 2;
  private static final int MULTI = 3;
  private static final int PRESENT = 1 << 16;
  private static final int FOLDABLE = 1 << 17;

  private static final int[] TABLE = new int[0x10000];
  private static final Map<Integer, String> MULTI_CHARS = new ConcurrentHashMap<>();
  private static final Map<Integer, String> SUPPLEMENTARY = new ConcurrentHashMap<>();

  private static final String NUMERALS = "零一二三四五六七八九十百千万亿";
  private static final String FINANCIAL = "零壹贰叁肆伍陆柒捌玖拾佰仟";
  private static final String FINANCIAL_PLAIN = "零一二三四五六七八九十百千";

  private Normalizer() {}

  /**
   * Normalizes {@code original}.
   *
   * @throws NullPointerException if {@code original} is null
   */
  public static NormalizedText normalize(String original) {
    int n = original.length();
    Output out = new Output(n + 4);
    byte pending = 0;
    int i = 0;
    while (i < n) {
      char c = original.charAt(i);
      int width = 1;
      int entry;
      String multi = null;
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < n
            && Character.isLowSurrogate(original.charAt(i + 1))) {
          width = 2;
          multi = foldSupplementary(Character.toCodePoint(c, original.charAt(i + 1)));
          entry = multi.isEmpty() ? DROP : MULTI;
        } else {
          entry = DROP;
        }
      } else {
        entry = TABLE[c];
        if (entry == 0) {
          entry = compute(c);
          TABLE[c] = entry;
        }
        if (entry == MULTI) {
          multi = MULTI_CHARS.get((int) c);
        }
      }
      int srcEnd = i + width;
      if (entry == DROP) {
        pending |= NormalizedText.GAP;
      } else if (entry == BREAK) {
        pending |= NormalizedText.GAP | NormalizedText.BREAK;
      } else if (entry == MULTI) {
        for (int k = 0; k < multi.length(); k++) {
          char m = multi.charAt(k);
          pending = out.add(m, isFoldable(m), i, srcEnd, pending);
        }
      } else {
        pending = out.add((char) entry, (entry & FOLDABLE) != 0, i, srcEnd, pending);
      }
      i = srcEnd;
    }
    return out.toText(original);
  }

  /** The growing output of one normalization: characters, their original ranges and flags. */
  private static final class Output {
    private char[] chars;
    private int[] begin;
    private int[] end;
    private byte[] flags;
    private int length;

    Output(int capacity) {
      chars = new char[capacity];
      begin = new int[capacity];
      end = new int[capacity];
      flags = new byte[capacity];
    }

    /**
     * Appends {@code c} from original range {@code [from, to)}, or folds it into the previous
     * character when it repeats it; returns the flags still pending (none once consumed).
     */
    byte add(char c, boolean foldable, int from, int to, byte pending) {
      if (foldable && length > 0 && chars[length - 1] == c) {
        // The repeat absorbs what stood between (a break too): 好。好 folds like 好好.
        end[length - 1] = to;
        return 0;
      }
      if (length == chars.length) {
        int capacity = chars.length * 2 + 4;
        chars = Arrays.copyOf(chars, capacity);
        begin = Arrays.copyOf(begin, capacity);
        end = Arrays.copyOf(end, capacity);
        flags = Arrays.copyOf(flags, capacity);
      }
      chars[length] = c;
      begin[length] = from;
      end[length] = to;
      flags[length] = pending;
      length++;
      return 0;
    }

    NormalizedText toText(String original) {
      return new NormalizedText(original, new String(chars, 0, length), begin, end, flags);
    }
  }

  /** Normalizes a lexicon term: the same transformation, without the offsets. */
  public static String normalizeTerm(String term) {
    return normalize(term).text();
  }

  /** Whether {@code c} is a normalized character that folds when repeated (a non-numeral CJK). */
  public static boolean isFoldable(char c) {
    return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN && NUMERALS.indexOf(c) < 0;
  }

  private static int compute(char c) {
    if (isBreak(c)) {
      return BREAK;
    }
    String folded = fold(c);
    if (folded.isEmpty()) {
      return DROP;
    }
    if (folded.length() == 1) {
      char m = folded.charAt(0);
      return PRESENT | m | (isFoldable(m) ? FOLDABLE : 0);
    }
    MULTI_CHARS.put((int) c, folded);
    return MULTI;
  }

  private static String foldSupplementary(int codePoint) {
    // Emoji and rare ideographs: cached, since each would otherwise cost a full NFKD.
    String cached = SUPPLEMENTARY.get(codePoint);
    if (cached == null) {
      cached = fold(codePoint);
      if (SUPPLEMENTARY.size() < 65_536) {
        SUPPLEMENTARY.put(codePoint, cached);
      }
    }
    return cached;
  }

  private static boolean isBreak(char c) {
    switch (c) {
      case '\n', '\r', '\u2028', '\u2029', '\u0085', '。', '！', '？', '!', '?', '；', ';', '…', '｡':
        return true;
      default:
        return false;
    }
  }

  /** The normalized form of one code point, possibly empty or several chars. */
  private static String fold(int codePoint) {
    String decomposed =
        java.text.Normalizer.normalize(
            new String(Character.toChars(codePoint)), java.text.Normalizer.Form.NFKD);
    StringBuilder b = new StringBuilder(decomposed.length());
    decomposed
        .codePoints()
        .forEach(
            cp -> {
              if (!keeps(cp)) {
                return;
              }
              int lower = Character.toLowerCase(cp);
              int simplified = TraditionalChinese.toSimplified(lower);
              b.appendCodePoint(numeral(simplified));
            });
    return b.toString();
  }

  private static boolean keeps(int cp) {
    switch (Character.getType(cp)) {
      case Character.UPPERCASE_LETTER,
      Character.LOWERCASE_LETTER,
      Character.TITLECASE_LETTER,
      Character.MODIFIER_LETTER,
      Character.OTHER_LETTER,
      Character.DECIMAL_DIGIT_NUMBER,
      Character.LETTER_NUMBER,
      Character.OTHER_NUMBER:
        return true;
      default:
        return false;
    }
  }

  private static int numeral(int cp) {
    if (cp >= '0' && cp <= '9') {
      return NUMERALS.charAt(cp - '0');
    }
    if (cp == '〇') {
      return '零';
    }
    if (cp < 0x10000) {
      int k = FINANCIAL.indexOf((char) cp);
      if (k > 0) {
        return FINANCIAL_PLAIN.charAt(k);
      }
    }
    int digit = Character.digit(cp, 10);
    if (digit >= 0 && Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER) {
      return NUMERALS.charAt(digit);
    }
    return cp;
  }
}

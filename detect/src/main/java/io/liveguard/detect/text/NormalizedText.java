package io.liveguard.detect.text;

/**
 * Text after {@link Normalizer}: the normalized characters and, for each, the half-open range of
 * original UTF-16 indices it came from.
 *
 * <p>Every normalized index maps back inside the original text, so a match on normalized text can
 * always be shown on the original characters. Instances are immutable and thread-safe.
 */
public final class NormalizedText {

  static final byte GAP = 1;
  static final byte BREAK = 2;

  private final String original;
  private final String text;
  private final int[] begin;
  private final int[] end;
  private final byte[] flags;

  NormalizedText(String original, String text, int[] begin, int[] end, byte[] flags) {
    this.original = original;
    this.text = text;
    this.begin = begin;
    this.end = end;
    this.flags = flags;
  }

  /** The original text. */
  public String original() {
    return original;
  }

  /** The normalized text. */
  public String text() {
    return text;
  }

  /** Number of normalized characters. */
  public int length() {
    return text.length();
  }

  /** The first original index of normalized character {@code i}. */
  public int originalBegin(int i) {
    return begin[i];
  }

  /** One past the last original index of normalized character {@code i}. */
  public int originalEnd(int i) {
    return end[i];
  }

  /**
   * Whether characters were removed (spaces, punctuation, emoji …) between normalized characters
   * {@code i - 1} and {@code i}; true for {@code i == 0} when the original starts with removed
   * characters.
   */
  public boolean gapBefore(int i) {
    return (flags[i] & GAP) != 0;
  }

  /** Whether a sentence ends between normalized characters {@code i - 1} and {@code i}. */
  public boolean breakBefore(int i) {
    return (flags[i] & BREAK) != 0;
  }

  /** Whether a sentence break lies inside the normalized range {@code (from, to)}. */
  public boolean breakBetween(int from, int to) {
    for (int i = Math.max(from + 1, 1); i < to && i < flags.length; i++) {
      if ((flags[i] & BREAK) != 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Maps the normalized range {@code [from, to)} to the smallest original range covering it.
   *
   * @return {@code {originalBegin, originalEnd}}
   */
  public int[] toOriginal(int from, int to) {
    if (from < 0 || to > text.length() || from >= to) {
      throw new IllegalArgumentException(
          "bad normalized range [" + from + ", " + to + ") of length " + text.length());
    }
    return new int[] {begin[from], end[to - 1]};
  }
}

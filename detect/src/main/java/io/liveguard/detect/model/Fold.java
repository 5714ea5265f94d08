package io.liveguard.detect.model;

/**
 * Folds text for matching while keeping every index: full-width ASCII to half-width, upper to lower
 * case, ideographic space to space. The folded text has the same length as the original, so a match
 * in it is a span of the original.
 */
public final class Fold {

  private Fold() {}

  /**
   * Whether {@code text} contains any character of {@code chars}: a cheap filter before running a
   * regular expression that needs one of them.
   */
  public static boolean containsAny(String text, String chars) {
    for (int i = 0; i < text.length(); i++) {
      if (chars.indexOf(text.charAt(i)) >= 0) {
        return true;
      }
    }
    return false;
  }

  /** The folded text, same length as {@code s}. */
  public static String fold(String s) {
    char[] c = s.toCharArray();
    for (int i = 0; i < c.length; i++) {
      char x = c[i];
      if (x >= '\uFF01' && x <= '\uFF5E') {
        x = (char) (x - 0xFEE0);
      } else if (x == '\u3000') {
        x = ' ';
      }
      if (x >= 'A' && x <= 'Z') {
        x = (char) (x + 32);
      }
      c[i] = x;
    }
    return new String(c);
  }
}

package io.liveguard.cli;

/**
 * Terminal-safe text: control characters that could move the cursor or recolour are shown escaped.
 */
final class Text {

  private Text() {}

  /**
   * {@code s} with every C0 and C1 control character (tab and newline included) and every unpaired
   * surrogate replaced by its six-character escape: a backslash, {@code u} and four hex digits.
   */
  static String visible(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean control =
          c < 0x20 || (c >= 0x7f && c < 0xa0) || (Character.isSurrogate(c) && !paired(s, i));
      if (control) {
        if (b == null) {
          b = new StringBuilder(s.length() + 16).append(s, 0, i);
        }
        b.append(String.format("\\u%04x", (int) c));
      } else if (b != null) {
        b.append(c);
      }
    }
    return b == null ? s : b.toString();
  }

  private static boolean paired(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }
}

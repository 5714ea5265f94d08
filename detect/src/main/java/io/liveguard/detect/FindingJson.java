package io.liveguard.detect;

/**
 * Writes findings as JSON in the shape of {@code liveguard check}: {@code {"rule":…,"category":…,
 * "severity":…,"span":[b,e],"matched":…,"term":…,"provisions":[{"law":…,"article":…}],
 * "suggestion":…,"rewrite":…}}.
 *
 * <p>Strings are escaped so that the output is safe to embed in HTML: {@code < > &}, U+2028, U+2029
 * and every control character and unpaired surrogate are written as backslash-u escapes (a
 * backslash, {@code u} and four hex digits).
 */
public final class FindingJson {

  private FindingJson() {}

  /** The JSON object of one finding. */
  public static String toJson(Finding f) {
    StringBuilder b = new StringBuilder(256);
    write(b, f);
    return b.toString();
  }

  /** Appends the JSON object of one finding to {@code b}. */
  public static void write(StringBuilder b, Finding f) {
    b.append("{\"rule\":");
    string(b, f.rule());
    b.append(",\"category\":");
    string(b, f.category());
    b.append(",\"severity\":");
    string(b, f.severity().id());
    b.append(",\"channel\":");
    string(b, f.channel().id());
    b.append(",\"span\":[").append(f.begin()).append(',').append(f.end()).append(']');
    b.append(",\"matched\":");
    string(b, f.matched());
    b.append(",\"term\":");
    string(b, f.term());
    b.append(",\"provisions\":[");
    for (int i = 0; i < f.provisions().size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      provision(b, f.provisions().get(i));
    }
    b.append("],\"suggestion\":");
    string(b, f.suggestion());
    b.append(",\"rewrite\":");
    string(b, f.rewrite());
    if (!f.context().isEmpty()) {
      b.append(",\"context\":[");
      for (int i = 0; i < f.context().size(); i++) {
        Finding.Span s = f.context().get(i);
        if (i > 0) {
          b.append(',');
        }
        b.append("{\"span\":[").append(s.begin()).append(',').append(s.end()).append("],\"text\":");
        string(b, s.text());
        b.append('}');
      }
      b.append(']');
    }
    b.append('}');
  }

  /** Appends the JSON object of one provision. */
  public static void provision(StringBuilder b, Provision p) {
    b.append("{\"law\":");
    string(b, p.law());
    if (p.version() != null) {
      b.append(",\"version\":");
      string(b, p.version());
    }
    b.append(",\"article\":").append(p.article());
    if (p.paragraph() != null) {
      b.append(",\"paragraph\":").append(p.paragraph());
    }
    if (p.item() != null) {
      b.append(",\"item\":").append(p.item());
    }
    b.append('}');
  }

  /** Appends {@code s} as a JSON string literal (null as {@code null}). */
  public static void string(StringBuilder b, String s) {
    if (s == null) {
      b.append("null");
      return;
    }
    b.append('"');
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '<', '>', '&', '\u2028', '\u2029' -> hex(b, c);
        default -> {
          if (c < 0x20 || c == 0x7f) {
            hex(b, c);
          } else if (Character.isHighSurrogate(c)
              && i + 1 < n
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            b.append(c).append(s.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            hex(b, c);
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }

  private static void hex(StringBuilder b, char c) {
    b.append("\\u");
    String h = Integer.toHexString(c);
    for (int k = h.length(); k < 4; k++) {
      b.append('0');
    }
    b.append(h);
  }
}

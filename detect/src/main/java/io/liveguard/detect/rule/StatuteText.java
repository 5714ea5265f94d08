package io.liveguard.detect.rule;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The articles of one statute text (Markdown as in {@code shared/laws}), parsed so that citations
 * can be checked and an article's text shown next to a finding.
 *
 * <p>Article headings are lines starting with {@code 第X条} (optionally bold, {@code **第X条**}); items
 * are lines starting with {@code （X）}. Immutable.
 */
public final class StatuteText {

  private static final Pattern HEADING =
      Pattern.compile("^\\s*(?:\\*\\*)?第([零〇一二两三四五六七八九十百千]+)条(?:\\*\\*)?[\\s\\u3000]+(.*)$");
  private static final Pattern ITEM = Pattern.compile("^\\s*[（(]([一二三四五六七八九十]+)[）)]");

  private final Map<Integer, Article> articles;

  private StatuteText(Map<Integer, Article> articles) {
    this.articles = Collections.unmodifiableMap(articles);
  }

  /** One article: its paragraphs (款) and the number of items (项) per paragraph. */
  public record Article(int number, List<String> paragraphs, List<Integer> itemsPerParagraph) {

    /** The whole text of the article, paragraphs and items on their own lines. */
    public String text() {
      return String.join("\n", paragraphs);
    }

    /** Total number of items over all paragraphs. */
    public int items() {
      return itemsPerParagraph.stream().mapToInt(Integer::intValue).sum();
    }
  }

  /** Parses a statute text in Markdown. */
  public static StatuteText parse(String markdown) {
    Map<Integer, Article> out = new LinkedHashMap<>();
    int body = markdown.indexOf("<!-- INFO END -->");
    String[] lines = (body >= 0 ? markdown.substring(body) : markdown).split("\n");
    Integer current = null;
    List<String> paragraphs = new ArrayList<>();
    List<Integer> items = new ArrayList<>();
    for (String raw : lines) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("<!--")) {
        continue;
      }
      if (line.startsWith("#")) {
        current = flush(out, current, paragraphs, items);
        continue;
      }
      Matcher h = HEADING.matcher(line);
      if (h.matches()) {
        int n = ChineseNumber.parse(h.group(1));
        if (!out.containsKey(n) && (current == null || n > current)) {
          flush(out, current, paragraphs, items);
          current = n;
          paragraphs = new ArrayList<>();
          items = new ArrayList<>();
          paragraphs.add(line.replace("**", ""));
          items.add(0);
          continue;
        }
      }
      if (current == null) {
        continue;
      }
      if (ITEM.matcher(line).find() && !items.isEmpty()) {
        paragraphs.set(paragraphs.size() - 1, paragraphs.get(paragraphs.size() - 1) + "\n" + line);
        items.set(items.size() - 1, items.get(items.size() - 1) + 1);
      } else {
        paragraphs.add(line);
        items.add(0);
      }
    }
    flush(out, current, paragraphs, items);
    return new StatuteText(out);
  }

  private static Integer flush(
      Map<Integer, Article> out, Integer current, List<String> paragraphs, List<Integer> items) {
    if (current != null && !out.containsKey(current)) {
      out.put(current, new Article(current, List.copyOf(paragraphs), List.copyOf(items)));
    }
    return null;
  }

  /** The article numbered {@code n}, or null. */
  public Article article(int n) {
    return articles.get(n);
  }

  /** Number of articles found. */
  public int size() {
    return articles.size();
  }

  /** Parses Chinese numerals up to the thousands, as used in article numbers. */
  static final class ChineseNumber {
    private ChineseNumber() {}

    static int parse(String s) {
      int total = 0;
      int digit = 0;
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        int d = "零一二三四五六七八九".indexOf(c);
        if (c == '〇') {
          d = 0;
        } else if (c == '两') {
          d = 2;
        }
        if (d >= 0) {
          digit = d;
          continue;
        }
        int unit =
            switch (c) {
              case '十' -> 10;
              case '百' -> 100;
              case '千' -> 1000;
              default -> throw new IllegalArgumentException("not a Chinese numeral: " + s);
            };
        total += (digit == 0 ? 1 : digit) * unit;
        digit = 0;
      }
      return total + digit;
    }
  }
}

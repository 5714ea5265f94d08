package io.liveguard.detect.rule;

import java.util.Map;

/** Reading and checking citations of law, shared by rule files and model rule files. */
final class Citations {

  private Citations() {}

  /** Reads {@code article}, {@code paragraph}, {@code item}; null (with a problem) if absent. */
  static Rule.ArticleRef readRef(Yaml where, Map<String, Yaml> m) {
    if (!m.containsKey("article")) {
      where.problem("missing \"article\"");
      return null;
    }
    Integer article = m.get("article").positiveInt();
    Integer paragraph = m.containsKey("paragraph") ? m.get("paragraph").positiveInt() : null;
    Integer item = m.containsKey("item") ? m.get("item").positiveInt() : null;
    return article == null ? null : new Rule.ArticleRef(article, paragraph, item);
  }

  /**
   * Whether the article (and paragraph and item) exists in version {@code v}'s statute text;
   * records a problem naming the law and version if not.
   */
  static boolean checkArticle(Yaml where, Law law, Law.Version v, Rule.ArticleRef a) {
    StatuteText.Article article = v.text().article(a.article());
    String name = law.id() + (law.isVersioned() ? "（" + v.version() + "）" : "");
    if (article == null) {
      where.problem(name + " has no article " + a.article() + " in " + v.source());
      return false;
    }
    if (a.paragraph() != null && a.paragraph() > article.paragraphs().size()) {
      where.problem(
          name
              + " article "
              + a.article()
              + " has "
              + article.paragraphs().size()
              + " paragraph(s), not "
              + a.paragraph());
      return false;
    }
    if (a.item() != null) {
      int items =
          a.paragraph() != null
              ? article.itemsPerParagraph().get(a.paragraph() - 1)
              : article.items();
      if (a.item() > items) {
        where.problem(
            name
                + " article "
                + a.article()
                + (a.paragraph() != null ? " paragraph " + a.paragraph() : "")
                + " has "
                + items
                + " item(s), not "
                + a.item());
        return false;
      }
    }
    return true;
  }

  /** The non-blank text of {@code key}; null with a problem if missing or blank. */
  static String requiredText(Map<String, Yaml> m, String key, Yaml owner) {
    Yaml v = m.get(key);
    if (v == null) {
      owner.problem("missing \"" + key + "\"");
      return null;
    }
    String s = v.text();
    if (s != null && s.isBlank()) {
      v.problem("\"" + key + "\" is empty");
      return null;
    }
    return s;
  }
}

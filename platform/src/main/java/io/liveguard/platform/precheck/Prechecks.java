package io.liveguard.platform.precheck;

import io.liveguard.detect.Detector;
import io.liveguard.detect.Finding;
import io.liveguard.detect.Provision;
import io.liveguard.detect.precheck.ScriptPrecheck;
import io.liveguard.detect.rule.Catalogue;
import io.liveguard.detect.rule.Law;
import io.liveguard.detect.rule.Rule;
import io.liveguard.platform.rules.RuleBook;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * The pre-check as the console shows it: the script cut into plain and highlighted segments, each
 * finding with its rule, provisions (with the statute text) and rewrite, and applying the rewrites
 * the merchant accepted. Runs the rules in force ({@link RuleBook}).
 */
@Service
class Prechecks {
  private final RuleBook book;

  Prechecks(RuleBook book) {
    this.book = book;
  }

  /** A provision with the article's text. */
  record Citation(String citation, String text) {}

  /** One finding as shown: its number (0-based index), words, rule, provisions, rewrite. */
  record Item(
      int no,
      String rule,
      String ruleZh,
      String ruleEn,
      String severity,
      String matched,
      boolean absent,
      List<Citation> provisions,
      String suggestion,
      String rewrite) {}

  /** A piece of the script: plain text, or the words of finding {@code no}. */
  record Segment(String text, Integer no, String severity) {}

  record View(
      String text,
      String category,
      List<Segment> segments,
      List<Item> items,
      String rewritten,
      boolean rewrittenClean) {}

  List<Finding> findings(String text, String category) {
    return new ScriptPrecheck(book.detector()).run(text, category, today()).findings();
  }

  static LocalDate today() {
    return LocalDate.now(Detector.CHINA);
  }

  View view(String text, String category) {
    Detector d = book.detector();
    ScriptPrecheck.Result r = new ScriptPrecheck(d).run(text, category, today());
    Catalogue c = d.catalogue();
    List<Item> items = new ArrayList<>();
    List<Finding> fs = r.findings();
    for (int i = 0; i < fs.size(); i++) {
      Finding f = fs.get(i);
      Rule rule = c.rule(f.rule());
      List<Citation> cites = new ArrayList<>();
      for (Provision p : f.provisions()) {
        Law law = c.laws().get(p.law());
        String article = "";
        if (law != null) {
          var a = law.versionAt(today()).text().article(p.article());
          article = a == null ? "" : a.text();
        }
        cites.add(new Citation(p.citation(), article));
      }
      items.add(
          new Item(
              i,
              f.rule(),
              rule == null ? f.rule() : rule.nameZh(),
              rule == null ? f.rule() : rule.nameEn(),
              f.severity().name().toLowerCase(java.util.Locale.ROOT),
              f.matched(),
              f.begin() == f.end(),
              cites,
              f.suggestion(),
              f.rewrite()));
    }
    return new View(text, category, segments(text, fs), items, r.rewritten(), r.clean());
  }

  /** The script cut at the findings' spans; where spans overlap, the earlier (longer) one wins. */
  static List<Segment> segments(String text, List<Finding> fs) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < fs.size(); i++) {
      if (fs.get(i).begin() < fs.get(i).end()) {
        order.add(i);
      }
    }
    order.sort(
        Comparator.<Integer>comparingInt(i -> fs.get(i).begin())
            .thenComparing(i -> -fs.get(i).end()));
    List<Segment> out = new ArrayList<>();
    int at = 0;
    for (int i : order) {
      Finding f = fs.get(i);
      if (f.begin() < at) {
        continue;
      }
      if (f.begin() > at) {
        out.add(new Segment(text.substring(at, f.begin()), null, null));
      }
      out.add(
          new Segment(
              text.substring(f.begin(), f.end()),
              i,
              f.severity().name().toLowerCase(java.util.Locale.ROOT)));
      at = f.end();
    }
    if (at < text.length()) {
      out.add(new Segment(text.substring(at), null, null));
    }
    return out;
  }

  /**
   * The script with the accepted findings' rewrites applied: spans replaced (an accepted finding
   * overlapping an earlier accepted one is skipped), missing statements appended.
   */
  static String apply(String text, List<Finding> fs, Set<Integer> accepted) {
    List<Finding> chosen = new ArrayList<>();
    for (int i = 0; i < fs.size(); i++) {
      if (accepted.contains(i)) {
        chosen.add(fs.get(i));
      }
    }
    return ScriptPrecheck.apply(text, chosen);
  }

  /** Whether a product category id is known. */
  boolean knownCategory(String category) {
    return book.detector().catalogue().products().containsKey(category);
  }

  java.util.Collection<io.liveguard.detect.rule.Category> categories() {
    return book.base().products().values();
  }
}

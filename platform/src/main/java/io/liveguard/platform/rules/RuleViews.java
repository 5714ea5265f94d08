package io.liveguard.platform.rules;

import io.liveguard.detect.Detector;
import io.liveguard.detect.Provision;
import io.liveguard.detect.Severity;
import io.liveguard.detect.rule.Catalogue;
import io.liveguard.detect.rule.Law;
import io.liveguard.detect.rule.ModelRule;
import io.liveguard.detect.rule.Rule;
import io.liveguard.platform.security.Actor;
import io.liveguard.platform.security.Role;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Rules as the rules page and API show them: names, category, laws cited, whether enabled, hit
 * counts and review precision (findings in the actor's jurisdiction), examples and the terms. The
 * lexicon rules come first, then the rules the session models raise (kind {@code model}), which
 * have no terms or examples of their own.
 */
@Component
class RuleViews {
  /** Most terms of a rule's lexicons shown in a detail view. */
  static final int MAX_TERMS_SHOWN = 300;

  private final RuleBook book;
  private final JdbcClient jdbc;

  RuleViews(RuleBook book, JdbcClient jdbc) {
    this.book = book;
    this.jdbc = jdbc;
  }

  /** Findings per rule in leads the actor sees: all, in confirmed-or-later leads, dismissed. */
  record Stats(long hits, long confirmed, long dismissed) {
    Double precision() {
      return confirmed + dismissed == 0 ? null : (double) confirmed / (confirmed + dismissed);
    }
  }

  /** A citation with the article's text in the version in force today. */
  record Citation(String law, String citation, String text) {}

  record Summary(
      String id,
      String nameZh,
      String nameEn,
      String category,
      String severity,
      String kind,
      boolean enabled,
      List<String> laws,
      List<String> citations,
      long hits,
      long confirmed,
      long dismissed,
      Double precision) {}

  record Detail(
      Summary rule,
      String model,
      List<Citation> provisions,
      List<String> channels,
      List<String> products,
      String suggestion,
      String rewrite,
      List<String> matchExamples,
      List<String> noMatchExamples,
      List<String> terms,
      int termCount,
      List<String> allow,
      List<String> addedTerms,
      List<String> addedAllow,
      List<RuleBook.Change> changes) {}

  Map<String, Stats> stats(Actor actor) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT f.rule, COUNT(*) AS hits, SUM(CASE WHEN l.status IN ('confirmed', 'assigned',"
                + " 'rectifying', 'rectified', 'disposed', 'closed') THEN 1 ELSE 0 END) AS"
                + " confirmed, SUM(CASE WHEN l.status = 'dismissed' THEN 1 ELSE 0 END) AS"
                + " dismissed FROM finding f JOIN lead l ON l.id = f.lead_id WHERE 1 = 1");
    List<Object> params = new ArrayList<>();
    if (actor.role() == Role.MERCHANT) {
      sql.append(" AND 1 = 0");
    } else if (actor.jurisdictionPath() != null) {
      sql.append(" AND l.jurisdiction_path LIKE ?");
      params.add(actor.jurisdictionPath() + "%");
    }
    sql.append(" GROUP BY f.rule");
    Map<String, Stats> out = new HashMap<>();
    jdbc.sql(sql.toString())
        .params(params)
        .query(
            (rs, i) ->
                out.put(rs.getString(1), new Stats(rs.getLong(2), rs.getLong(3), rs.getLong(4))))
        .list();
    return out;
  }

  List<Summary> list(Actor actor, String category, String law) {
    Map<String, Stats> stats = stats(actor);
    List<Summary> out = new ArrayList<>();
    for (Rule r : book.base().rules()) {
      if (shown(category, law, r.category(), r.provisions())) {
        out.add(summary(r, stats.getOrDefault(r.id(), new Stats(0, 0, 0))));
      }
    }
    for (ModelRule r : book.models().rules().values()) {
      if (shown(category, law, r.category(), r.provisions())) {
        out.add(summary(r, stats.getOrDefault(r.id(), new Stats(0, 0, 0))));
      }
    }
    return out;
  }

  private static boolean shown(
      String category, String law, String ruleCategory, List<Rule.ProvisionSpec> provisions) {
    if (category != null && !category.isBlank() && !ruleCategory.equals(category)) {
      return false;
    }
    return law == null || law.isBlank() || provisions.stream().anyMatch(p -> p.law().equals(law));
  }

  Summary summary(Rule r, Stats s) {
    return summary(
        r.id(),
        r.nameZh(),
        r.nameEn(),
        r.category(),
        r.severity(),
        r.kind().name().toLowerCase(java.util.Locale.ROOT),
        r.provisions(),
        s);
  }

  Summary summary(ModelRule r, Stats s) {
    return summary(
        r.id(), r.nameZh(), r.nameEn(), r.category(), r.severity(), "model", r.provisions(), s);
  }

  private Summary summary(
      String id,
      String nameZh,
      String nameEn,
      String category,
      Severity severity,
      String kind,
      List<Rule.ProvisionSpec> provisions,
      Stats s) {
    Catalogue c = book.base();
    LocalDate today = LocalDate.now(Detector.CHINA);
    Set<String> laws = new LinkedHashSet<>();
    List<String> citations = new ArrayList<>();
    for (Rule.ProvisionSpec p : provisions) {
      laws.add(p.law());
      citations.add(c.resolve(p, today).citation());
    }
    return new Summary(
        id,
        nameZh,
        nameEn,
        category,
        severity.name().toLowerCase(java.util.Locale.ROOT),
        kind,
        book.enabled(id),
        List.copyOf(laws),
        citations,
        s.hits(),
        s.confirmed(),
        s.dismissed(),
        s.precision());
  }

  /** The provisions with the text of each article in the version in force today. */
  private List<Citation> citations(List<Rule.ProvisionSpec> specs) {
    Catalogue c = book.base();
    LocalDate today = LocalDate.now(Detector.CHINA);
    List<Citation> provisions = new ArrayList<>();
    for (Rule.ProvisionSpec p : specs) {
      Provision pv = c.resolve(p, today);
      Law law = c.laws().get(p.law());
      var article = law.versionAt(today).text().article(pv.article());
      provisions.add(
          new Citation(law.title(), pv.citation(), article == null ? "" : article.text()));
    }
    return provisions;
  }

  /** The rule's detail, or null if neither the base catalogue nor the model rules have it. */
  Detail detail(Actor actor, String id) {
    Catalogue c = book.base();
    Rule r = c.rule(id);
    if (r == null) {
      ModelRule m = book.model(id);
      return m == null ? null : detail(actor, m);
    }
    Stats s = stats(actor).getOrDefault(id, new Stats(0, 0, 0));
    List<Citation> provisions = citations(r.provisions());
    List<String> terms = new ArrayList<>();
    int termCount = 0;
    for (String name : r.lexicons()) {
      var lx = c.lexicons().get(name);
      if (lx == null) {
        continue;
      }
      termCount += lx.terms().size();
      for (var t : lx.terms()) {
        if (terms.size() < MAX_TERMS_SHOWN) {
          terms.add(String.join(" | ", t.forms()));
        }
      }
    }
    List<String> allow = new ArrayList<>();
    for (String name : r.allow()) {
      var lx = c.lexicons().get(name);
      if (lx != null) {
        lx.terms().forEach(t -> allow.add(t.canonical()));
      }
    }
    return new Detail(
        summary(r, s),
        null,
        provisions,
        r.channels().stream().map(ch -> ch.name().toLowerCase(java.util.Locale.ROOT)).toList(),
        List.copyOf(r.products()),
        r.suggestion(),
        r.rewrite(),
        r.matchExamples().stream().map(Rule.Example::text).toList(),
        r.noMatchExamples().stream().map(Rule.Example::text).toList(),
        terms,
        termCount,
        allow,
        book.addedTerms(id),
        book.addedAllow(id),
        book.changes(id));
  }

  /** A model rule: what fires it is code, so there are no terms or examples to show. */
  private Detail detail(Actor actor, ModelRule m) {
    Stats s = stats(actor).getOrDefault(m.id(), new Stats(0, 0, 0));
    return new Detail(
        summary(m, s),
        m.model(),
        citations(m.provisions()),
        List.of(),
        List.of(),
        m.suggestion(),
        "",
        List.of(),
        List.of(),
        List.of(),
        0,
        List.of(),
        List.of(),
        List.of(),
        book.changes(m.id()));
  }

  /** Violation categories by id with their names, in catalogue order. */
  Map<String, io.liveguard.detect.rule.Category> categories() {
    return book.base().categories();
  }

  /** Law ids cited by some rule, in catalogue order. */
  List<String> citedLaws() {
    Set<String> laws = new LinkedHashSet<>();
    book.base().rules().forEach(r -> r.provisions().forEach(p -> laws.add(p.law())));
    book.models().rules().values().forEach(r -> r.provisions().forEach(p -> laws.add(p.law())));
    return List.copyOf(laws);
  }
}

package io.liveguard.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.detect.rule.Catalogue;
import io.liveguard.detect.rule.Rule;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every rule of the bundled catalogue passes its own must-match and must-not-match examples. */
class CatalogueExamplesTest {

  private static final Detector DETECTOR = Detector.bundled();
  private static final LocalDate DATE = LocalDate.of(2026, 11, 23);

  static CheckOptions options(Rule rule, Rule.Example e) {
    Channel channel = e.channel() != null ? e.channel() : rule.channels().iterator().next();
    String product = e.product();
    if (product == null && rule.strictProducts()) {
      product = rule.products().iterator().next();
    }
    return new CheckOptions(channel, product, DATE);
  }

  @TestFactory
  Stream<DynamicTest> everyRuleMatchesItsExamples() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Rule rule : DETECTOR.catalogue().rules()) {
      for (Rule.Example e : rule.matchExamples()) {
        tests.add(
            DynamicTest.dynamicTest(
                rule.id() + " matches 「" + e.text() + "」",
                () ->
                    assertThat(DETECTOR.check(e.text(), options(rule, e)))
                        .as("%s: %s must fire %s", e.where(), e.text(), rule.id())
                        .extracting(Finding::rule)
                        .contains(rule.id())));
      }
      for (Rule.Example e : rule.noMatchExamples()) {
        tests.add(
            DynamicTest.dynamicTest(
                rule.id() + " ignores 「" + e.text() + "」",
                () ->
                    assertThat(DETECTOR.check(e.text(), options(rule, e)))
                        .as("%s: %s must not fire %s", e.where(), e.text(), rule.id())
                        .extracting(Finding::rule)
                        .doesNotContain(rule.id())));
      }
    }
    return tests.stream();
  }

  @Test
  void everyRewriteIsItselfClean() {
    List<String> dirty = new ArrayList<>();
    Catalogue c = DETECTOR.catalogue();
    for (Rule rule : c.rules()) {
      if (rule.kind() != Rule.Kind.TERMS) {
        continue;
      }
      List<String> rewrites = new ArrayList<>();
      rewrites.add(rule.rewrite());
      for (String name : rule.lexicons()) {
        c.lexicons().get(name).terms().forEach(t -> rewrites.add(t.rewrite()));
      }
      for (String r : rewrites) {
        if (r == null || r.isEmpty()) {
          continue;
        }
        for (Channel ch : rule.channels()) {
          List<Finding> f = DETECTOR.check(r, new CheckOptions(ch, null, DATE));
          if (!f.isEmpty()) {
            dirty.add(rule.id() + ": rewrite 「" + r + "」 fires " + f.get(0).rule());
          }
        }
      }
    }
    assertThat(dirty).as("rewrites that are not compliant themselves").isEmpty();
  }

  @Test
  void catalogueMeetsTheIssueSize() {
    Catalogue c = DETECTOR.catalogue();
    long categories = c.rules().stream().map(Rule::category).distinct().count();
    System.out.printf(
        "catalogue: %d rules, %d categories, %d lexicon entries, %d brands, %d patterns%n",
        c.rules().size(),
        categories,
        c.lexiconEntryCount(),
        c.brands().size(),
        DETECTOR.patternCount());
    assertThat(c.rules()).hasSizeGreaterThanOrEqualTo(80);
    assertThat(categories).isGreaterThanOrEqualTo(14);
    assertThat(c.lexiconEntryCount()).isGreaterThanOrEqualTo(3000);
    assertThat(c.brands()).hasSizeGreaterThanOrEqualTo(300);
  }
}

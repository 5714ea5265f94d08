package io.liveguard.detect.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liveguard.detect.Channel;
import io.liveguard.detect.CheckOptions;
import io.liveguard.detect.Detector;
import io.liveguard.detect.Finding;
import io.liveguard.detect.lexicon.Term;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CatalogueAmendTest {
  private static final Catalogue BASE = Detector.bundled().catalogue();
  private static final CheckOptions SCRIPT =
      new CheckOptions(Channel.SCRIPT, null, LocalDate.of(2026, 11, 23));

  private static List<String> rules(Catalogue c, String text) {
    return Detector.of(c).check(text, SCRIPT).stream().map(Finding::rule).toList();
  }

  private static Term term(String s) {
    return Term.parse(s, "test:1");
  }

  @Test
  void anAddedTermFiresItsRule() {
    String text = "这款是宇宙爆款王，赶紧拍";
    assertThat(rules(BASE, text)).doesNotContain("ABS-FIRST");
    Catalogue c = BASE.amend(Set.of(), Map.of("ABS-FIRST", List.of(term("宇宙爆款王"))), Map.of());
    assertThat(rules(c, text)).contains("ABS-FIRST");
    assertThat(c.rule("ABS-FIRST").lexicons()).contains("ABS-FIRST#terms");
    assertThat(BASE.rule("ABS-FIRST").lexicons()).doesNotContain("ABS-FIRST#terms");
  }

  @Test
  void anAddedAllowPhraseOverridesTheTerm() {
    String text = "全网销量第一名单公布了";
    assertThat(rules(BASE, text)).contains("ABS-FIRST");
    Catalogue c = BASE.amend(Set.of(), Map.of(), Map.of("ABS-FIRST", List.of(term("销量第一名单"))));
    assertThat(rules(c, text)).doesNotContain("ABS-FIRST");
  }

  @Test
  void aDisabledRuleIsLeftOut() {
    Catalogue c = BASE.amend(Set.of("ABS-PRICE"), Map.of(), Map.of());
    assertThat(c.rule("ABS-PRICE")).isNull();
    assertThat(c.rules()).hasSize(BASE.rules().size() - 1);
    assertThat(rules(c, "今天直播间给到全网最低价")).doesNotContain("ABS-PRICE");
  }

  @Test
  void refusesUnknownRulesAndEmptyTerms() {
    assertThatThrownBy(() -> BASE.amend(Set.of("NO-SUCH"), Map.of(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NO-SUCH");
    assertThatThrownBy(
            () -> BASE.amend(Set.of(), Map.of("ABS-FIRST", List.of(term("。！"))), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty after normalization");
  }
}

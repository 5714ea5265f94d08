package io.liveguard.detect.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liveguard.detect.Detector;
import io.liveguard.detect.Provision;
import io.liveguard.detect.claim.Taxonomy;
import io.liveguard.detect.session.SessionAnalyzer;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelRulesTest {

  private static final Catalogue CATALOGUE = Detector.bundled().catalogue();

  private static CatalogueFiles with(String models) {
    Map<String, String> rules = new HashMap<>(CatalogueFiles.bundled().rules());
    rules.put("models.yaml", models);
    return new CatalogueFiles(rules, CatalogueFiles.bundled().laws());
  }

  @Test
  void theBundledModelRulesDefineEveryRuleTheModelsRaise() throws CatalogueException {
    ModelRules rules =
        ModelRules.load(
            CatalogueFiles.bundled(), CATALOGUE, SessionAnalyzer.requiredRules(Taxonomy.bundled()));
    assertThat(rules.rules().keySet())
        .containsAll(SessionAnalyzer.requiredRules(Taxonomy.bundled()));
  }

  @Test
  void theConductDatePicksTheArticleOfTheRenumberedLaw() throws CatalogueException {
    ModelRules rules = ModelRules.bundled(CATALOGUE);
    ModelRule r = rules.rule("XC-CLAIM-LISTING");
    assertThat(rules.provisions(r, LocalDate.parse("2025-10-14")).get(0))
        .isEqualTo(new Provision("反不正当竞争法", "2019", 8, 1, null));
    assertThat(rules.provisions(r, LocalDate.parse("2025-10-15")).get(0))
        .isEqualTo(new Provision("反不正当竞争法", "2025", 9, 1, null));
  }

  @Test
  void reportsEveryProblemWithFileAndLine() {
    String bad =
        """
        rules:
          - id: X-ONE
            model: claim
            name: {zh: 一, en: One}
            category: fod
            severity: warning
            provisions: [{law: 广告法, article: 400}]
            suggestion: 改
          - id: X-TWO
            model: price
            name: {zh: 二, en: Two}
            category: price_fraud
            severity: bad
            provisions: [{law: 反不正当竞争法, article: 8}]
            suggestion: 改
          - id: X-THREE
            model: nope
            name: {zh: 三, en: Three}
            category: price_fraud
            severity: notice
            provisions: [{law: 价格法, article: 14, item: 9}]
            suggestion: 改
            colour: red
        """;
    assertThatThrownBy(() -> ModelRules.load(with(bad), CATALOGUE, Set.of()))
        .isInstanceOf(CatalogueException.class)
        .hasMessageContaining("rules/models.yaml:5")
        .hasMessageContaining("unknown category \"fod\"")
        .hasMessageContaining("广告法 has no article 400 in 广告法.md")
        .hasMessageContaining("unknown severity \"bad\"")
        .hasMessageContaining("反不正当竞争法 was renumbered: cite it with by-version")
        .hasMessageContaining("unknown model \"nope\"")
        .hasMessageContaining("价格法 article 14 has 8 item(s), not 9")
        .hasMessageContaining("unknown key \"colour\"");
  }

  @Test
  void aRuleTheModelsRaiseMustBeDefined() {
    String one =
        """
        rules:
          - id: X-ONE
            model: claim
            name: {zh: 一, en: One}
            category: cross_check
            severity: warning
            provisions: [{law: 广告法, article: 4}]
            suggestion: 改
        """;
    assertThatThrownBy(() -> ModelRules.load(with(one), CATALOGUE, Set.of("PRICE-BAIT")))
        .hasMessageContaining("rule PRICE-BAIT is raised by a model but not defined");
  }
}

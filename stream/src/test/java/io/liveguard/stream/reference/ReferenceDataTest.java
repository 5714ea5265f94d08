package io.liveguard.stream.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liveguard.detect.Channel;
import io.liveguard.detect.CheckOptions;
import io.liveguard.detect.Detector;
import io.liveguard.detect.Finding;
import io.liveguard.stream.topic.Topics;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReferenceDataTest {

  private static final LocalDate DAY = LocalDate.of(2026, 12, 5);

  private static List<String> rules(Detector d, String text) {
    return d.check(text, new CheckOptions(Channel.SPEECH, null, DAY)).stream()
        .map(Finding::rule)
        .toList();
  }

  @Test
  void theRegisterAnswersForKnownBrandsOnlyAndStripsTheShopName() {
    ReferenceData r =
        ReferenceData.of(
            Map.of(
                ReferenceData.SELLERS,
                ReferenceData.sellersJson(Map.of("chanel", List.of("上海香奈儿授权专卖店")))));
    assertThat(r.shopsByBrand()).containsEntry("chanel", Set.of("上海香奈儿授权专卖店"));
    assertThat(r.counterfeit()).isNotSameAs(ReferenceData.NONE.counterfeit());
    assertThat(ReferenceData.NONE.shopsByBrand()).isEmpty();
    assertThat(r.detector()).isSameAs(Detector.bundled());
    assertThat(r.rulesVersion()).isZero();
  }

  @Test
  void theRuleOverlayDisablesRulesAndAddsTermsAndAllowPhrases() {
    assertThat(rules(Detector.bundled(), "今天全网最低价")).contains("ABS-PRICE");
    assertThat(rules(Detector.bundled(), "今天宇宙无敌价")).doesNotContain("ABS-PRICE");
    ReferenceData disabled =
        ReferenceData.of(
            Map.of(
                ReferenceData.RULES,
                ReferenceData.rulesJson(7, Set.of("ABS-PRICE"), Map.of(), Map.of())));
    assertThat(disabled.rulesVersion()).isEqualTo(7);
    assertThat(rules(disabled.detector(), "今天全网最低价")).doesNotContain("ABS-PRICE");
    ReferenceData added =
        ReferenceData.of(
            Map.of(
                ReferenceData.RULES,
                ReferenceData.rulesJson(
                    8, Set.of(), Map.of("ABS-PRICE", List.of("宇宙无敌价")), Map.of())));
    assertThat(rules(added.detector(), "今天宇宙无敌价")).contains("ABS-PRICE");
    // a rule this build no longer has is skipped, as the platform's rule book skips it
    ReferenceData gone =
        ReferenceData.of(
            Map.of(
                ReferenceData.RULES,
                ReferenceData.rulesJson(9, Set.of("NO-SUCH-RULE"), Map.of(), Map.of())));
    assertThat(rules(gone.detector(), "今天全网最低价")).contains("ABS-PRICE");
    // a model rule disabled in the console: the lexicon is untouched, the analyzers silence it
    ReferenceData model =
        ReferenceData.of(
            Map.of(
                ReferenceData.RULES,
                ReferenceData.rulesJson(10, Set.of("CF-BRAND-CUE-LOW-PRICE"), Map.of(), Map.of())));
    assertThat(model.disabled()).containsExactly("CF-BRAND-CUE-LOW-PRICE");
    assertThat(rules(model.detector(), "今天全网最低价")).contains("ABS-PRICE");
    assertThat(ReferenceData.NONE.disabled()).isEmpty();
  }

  @Test
  void recordsRoundTripAndBadRecordsAreRefusedWithTheFieldNamed() {
    ReferenceUpdate u =
        new ReferenceUpdate(
            ReferenceData.SELLERS, 3, ReferenceData.sellersJson(Map.of("nike", List.of("A"))));
    String value = ReferenceCodec.write(u);
    assertThat(value).startsWith("{\"schema\":\"" + Topics.REFERENCE_SCHEMA + "\"");
    assertThat(ReferenceCodec.read(ReferenceData.SELLERS, value)).isEqualTo(u);
    assertThat(ReferenceCodec.read("rules", null)).isEqualTo(new ReferenceUpdate("rules", 0, null));

    assertThatThrownBy(() -> ReferenceCodec.read("x", "nope"))
        .hasMessageStartingWith("reference record is not JSON");
    assertThatThrownBy(
            () ->
                ReferenceCodec.read(
                    "x", "{\"schema\":\"liveguard.reference.v9\",\"kind\":\"x\",\"version\":1}"))
        .hasMessage(
            "reference record of schema \"liveguard.reference.v9\" (this job reads"
                + " liveguard.reference.v1)");
    assertThatThrownBy(() -> ReferenceCodec.read("rules", value))
        .hasMessage("reference record: key \"rules\" differs from kind \"authorised-sellers\"");
    String badShops =
        "{\"schema\":\"liveguard.reference.v1\",\"kind\":\"authorised-sellers\",\"version\":1,"
            + "\"data\":{\"brands\":{\"nike\":\"A\"}}}";
    assertThatThrownBy(() -> ReferenceCodec.read(null, badShops))
        .hasMessage(
            "reference \"authorised-sellers\": field \"brands.nike\" must be an array of shop"
                + " names");
    // kinds this job does not know pass through (new kinds are added without a new topic)
    String other =
        "{\"schema\":\"liveguard.reference.v1\",\"kind\":\"watch-list\",\"version\":1,"
            + "\"data\":{\"rooms\":[]}}";
    assertThat(ReferenceCodec.read("watch-list", other).kind()).isEqualTo("watch-list");
    assertThat(ReferenceData.of(Map.of("watch-list", "{\"rooms\":[]}")))
        .isEqualTo(ReferenceData.NONE);
  }
}

package io.liveguard.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DetectorTest {

  private static final Detector MINI = TestCatalogues.mini();
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

  private static List<Finding> check(String text) {
    return MINI.check(text, new CheckOptions(Channel.SPEECH, null, TODAY));
  }

  private static List<String> rules(String text) {
    return check(text).stream().map(Finding::rule).toList();
  }

  @Test
  void reportsRuleSpanMatchedWordsAndProvision() {
    List<Finding> f = check("这是全网最好的面膜");
    assertThat(f).hasSize(1);
    Finding x = f.get(0);
    assertThat(x.rule()).isEqualTo("T-ABS");
    assertThat(x.category()).isEqualTo("absolute");
    assertThat(x.severity()).isEqualTo(Severity.WARNING);
    assertThat(x.begin()).isEqualTo(4);
    assertThat(x.end()).isEqualTo(6);
    assertThat(x.matched()).isEqualTo("最好");
    assertThat(x.provisions()).containsExactly(new Provision("广告法", null, 9, null, 3));
    assertThat(x.rewrite()).isEqualTo("很好");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "最 好的面膜",
        "最🔥好的面膜",
        "最\u200b好的面膜",
        "最、好的面膜",
        "最最最好的面膜",
        "zui好的面膜",
        "最hao的面膜",
        "ZUI HAO的面膜",
        "頂級面膜",
        "ding级面膜",
        "顶 级 面膜",
        "全网罪低价",
        "全网zuidijia",
        "ＴＯＰ最佳",
        "第①",
        "第1名",
        "第壹"
      })
  void catchesEvasions(String text) {
    assertThat(rules(text)).as(text).contains("T-ABS");
  }

  @Test
  void highlightsTheOriginalCharactersOfAnEvasion() {
    String text = "这是 頂 🔥 級 的面膜";
    Finding f = check(text).get(0);
    assertThat(f.matched()).isEqualTo("頂 🔥 級");
    assertThat(text.substring(f.begin(), f.end())).isEqualTo("頂 🔥 級");
    assertThat(f.term()).isEqualTo("顶级");
  }

  @ParameterizedTest
  @ValueSource(strings = {"最近天气很好", "第一次来直播间", "第一时间发货", "这件最好看", "这个不是最好的", "并非国家级产品"})
  void allowPhrasesAndNegationSilenceContainedTerms(String text) {
    assertThat(rules(text)).as(text).doesNotContain("T-ABS");
  }

  @Test
  void anAllowPhraseAfterAGapWinsOverAMatchReachingIntoIt() {
    // 第一次 is allowed; 回购第一 must not be read across the comma in 回购，第一次买的.
    assertThat(check("回购，第一次买的")).isEmpty();
    assertThat(check("回购第一的面膜")).extracting(Finding::matched).containsExactly("回购第一");
    assertThat(check("回购，第一的面膜")).extracting(Finding::matched).containsExactly("回购，第一");
  }

  @Test
  void nonNegatorsDoNotCancel() {
    assertThat(rules("这款不仅最好还便宜")).contains("T-ABS");
    assertThat(rules("非常最好")).contains("T-ABS");
  }

  @Test
  void negationDoesNotCrossASentence() {
    assertThat(rules("不。最好的在这里")).contains("T-ABS");
  }

  @Test
  void pinyinInsideAnEnglishWordDoesNotMatch() {
    assertThat(rules("pudding级别")).isEmpty();
    assertThat(rules("pud ding级别")).contains("T-ABS");
  }

  @Test
  void mandatoryDisclaimerIsNotADrugClaim() {
    assertThat(rules("本品不能代替药物")).isEmpty();
    assertThat(rules("吃了它能代替药物")).containsExactly("T-MEDICAL");
    assertThat(rules("本品不能治疗糖尿病")).isEmpty();
  }

  @Test
  void coOccurrenceNeedsTheBrandNearby() {
    List<Finding> f = check("这款小香和原版一模一样");
    assertThat(f).extracting(Finding::rule).containsExactly("T-FAKE-BRAND");
    assertThat(f.get(0).matched()).isEqualTo("原版");
    assertThat(f.get(0).context()).extracting(Finding.Span::text).containsExactly("小香");
    assertThat(rules("原版包装发货")).isEmpty();
    assertThat(rules("小香风外套。这件是原版")).isEmpty();
    assertThat(rules("苹果很甜，一比一的比例")).contains("T-FAKE-BRAND");
  }

  @Test
  void renumberedLawIsCitedByConductDate() {
    Finding before =
        MINI.check("销量第一", new CheckOptions(Channel.SPEECH, null, LocalDate.of(2025, 10, 14)))
            .get(0);
    Finding after =
        MINI.check("销量第一", new CheckOptions(Channel.SPEECH, null, LocalDate.of(2025, 10, 15)))
            .get(0);
    assertThat(before.rule()).isEqualTo("T-FAKE-SALES");
    assertThat(before.provisions()).containsExactly(new Provision("反不正当竞争法", "2019", 8, 1, null));
    assertThat(after.provisions()).containsExactly(new Provision("反不正当竞争法", "2025", 9, 1, null));
  }

  @Test
  void longestTermWinsWithinARule() {
    List<Finding> f = check("全网最低价");
    assertThat(f).extracting(Finding::matched).containsExactly("最低价");
  }

  @Test
  void oneSpanMayBreakSeveralRules() {
    assertThat(rules("我们销量第一")).containsExactlyInAnyOrder("T-FAKE-SALES", "T-ABS");
  }

  @Test
  void missingDisclaimerFiresOnlyForScriptsOfThatProduct() {
    CheckOptions script = new CheckOptions(Channel.SCRIPT, "health_food", TODAY);
    assertThat(MINI.check("每天两粒", script)).extracting(Finding::rule).contains("T-HF-DISCLAIMER");
    assertThat(MINI.check("每天两粒。本品不能代替药物。", script))
        .extracting(Finding::rule)
        .doesNotContain("T-HF-DISCLAIMER");
    assertThat(MINI.check("每天两粒", new CheckOptions(Channel.SCRIPT, "food", TODAY))).isEmpty();
    assertThat(MINI.check("每天两粒", new CheckOptions(Channel.SCRIPT, null, TODAY))).isEmpty();
  }

  @Test
  void channelFilterApplies() {
    assertThat(MINI.check("品质很好", new CheckOptions(Channel.SCRIPT, null, TODAY)))
        .extracting(Finding::rule)
        .contains("T-SEG");
    assertThat(MINI.check("品质很好", new CheckOptions(Channel.SPEECH, null, TODAY))).isEmpty();
  }

  @Test
  void segmentationRejectsAMatchInsideAWord() {
    // 品质 inside 产品质量 is not the word 品质: 产品 | 质量.
    assertThat(MINI.check("产品质量合格", new CheckOptions(Channel.SCRIPT, null, TODAY))).isEmpty();
  }

  @Test
  void surrogatesAndControlCharactersAreHarmless() {
    assertThat(rules("\uD800最\u0000好\uDC00")).containsExactly("T-ABS");
    assertThat(rules("")).isEmpty();
    assertThat(rules("\u0001\u0002 \t")).isEmpty();
  }

  @Test
  void refusesTextOverTheLimit() {
    String huge = "a".repeat(Detector.MAX_TEXT_LENGTH + 1);
    assertThatThrownBy(() -> check(huge))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exceeds the limit");
  }

  @Test
  void jsonEscapesMarkupAndControlCharacters() {
    Finding f = check("<script>最好</script>\u0001").get(0);
    String json = FindingJson.toJson(f);
    assertThat(json).doesNotContain("<").contains("\"span\":[8,10]").contains("\"matched\":\"最好\"");
    assertThat(FindingJson.toJson(check("最好\"\\").get(0))).contains("\"rule\":\"T-ABS\"");
    StringBuilder b = new StringBuilder();
    FindingJson.string(b, "a\"<\u0001\uD800");
    assertThat(b.toString()).isEqualTo("\"a\\\"\\u003c\\u0001\\ud800\"");
  }
}

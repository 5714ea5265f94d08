package io.liveguard.detect.claim;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.detect.Channel;
import io.liveguard.detect.claim.ClaimModel.ListingRef;
import io.liveguard.detect.event.Payload;
import io.liveguard.detect.model.Hit;
import io.liveguard.detect.model.Utterance;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClaimModelTest {

  private static final Instant AT = Instant.parse("2025-11-08T12:00:00Z");
  private final ClaimExtractor extractor = new ClaimExtractor(Taxonomy.bundled());
  private final ClaimModel model = new ClaimModel(Taxonomy.bundled());

  private static ListingRef listing(Map<String, String> attributes, String category) {
    return new ListingRef(
        "L-event",
        new Payload.Listing(
            "L-1", "商品", attributes, new BigDecimal("99"), null, category, "店", null),
        AT);
  }

  private List<Hit> check(String text, Map<String, String> attributes) {
    return check(text, attributes, null);
  }

  private List<Hit> check(String text, Map<String, String> attributes, String category) {
    return model.check(new Utterance("u", Channel.SPEECH, text, AT), listing(attributes, category));
  }

  @Test
  void readsEverySpellingOfAMaterialAsOneValueWithItsSpan() {
    for (String s : List.of("莱赛尔", "Lyocell", "ＴＥＮＣＥＬ", "天丝")) {
      List<Claim> claims = extractor.claims("这件是" + s + "面料");
      assertThat(claims).as(s).hasSize(1);
      assertThat(claims.get(0).value().id()).isEqualTo("天丝");
      assertThat(claims.get(0).matched()).isEqualTo(s);
      assertThat(claims.get(0).begin()).isEqualTo(3);
    }
  }

  @Test
  void negationsAndComparisonsAreNotClaims() {
    for (String s :
        List.of("不是天丝", "比真丝还滑", "像羊绒一样软", "真丝般的光泽", "天丝感的面料", "有真丝的质感", "是天丝吗", "仿真丝")) {
      assertThat(extractor.claims(s)).as(s).isEmpty();
    }
    assertThat(extractor.claims("英文名Lyocellx")).isEmpty();
  }

  @Test
  void tencelContradictsCottonAndShowsBothSides() {
    List<Hit> hits = check("这件是天丝的", Map.of("成分", "100%棉"));
    assertThat(hits).hasSize(1);
    Hit h = hits.get(0);
    assertThat(h.rule()).isEqualTo("XC-CLAIM-LISTING");
    assertThat(h.begin()).isEqualTo(3);
    assertThat(h.end()).isEqualTo(5);
    assertThat(h.evidence()).contains("口播「天丝」", "成分：100%棉");
    assertThat(h.events()).containsExactly("u", "L-event");
  }

  @Test
  void aPureClaimContradictsABlendButAPlainOneDoesNot() {
    Map<String, String> blend = Map.of("面料成分", "棉95% 氨纶5%");
    assertThat(check("纯棉的", blend)).hasSize(1);
    assertThat(check("100%棉", blend)).hasSize(1);
    assertThat(check("是棉的", blend)).isEmpty();
    assertThat(check("纯棉的", Map.of("成分", "棉100%"))).isEmpty();
  }

  @Test
  void aListingThatSaysNothingNeverContradicts() {
    assertThat(check("纯天丝，足金，日本原装，特字号，足足两斤，送保温杯", Map.of())).isEmpty();
    assertThat(check("纯天丝", Map.of("尺码", "XL", "颜色", "白"))).isEmpty();
    assertThat(check("纯天丝", Map.of("成分", "见吊牌"))).isEmpty();
  }

  @Test
  void aHigherGradeListedSatisfiesALowerClaim() {
    assertThat(check("18K金的", Map.of("材质", "足金999"))).isEmpty();
    assertThat(check("足金的", Map.of("材质", "18K金"))).hasSize(1);
    assertThat(check("足金的", Map.of("材质", "925银"))).hasSize(1);
    assertThat(check("正圆的", Map.of("形状", "强光正圆"))).isEmpty();
    assertThat(check("头层牛皮", Map.of("材质", "PU皮"))).hasSize(1);
  }

  @Test
  void importedIsContradictedOnlyByADomesticOrigin() {
    assertThat(check("原装进口的", Map.of("产地", "日本"))).isEmpty();
    assertThat(check("原装进口的", Map.of("产地", "浙江义乌"))).hasSize(1);
    assertThat(check("日本原装", Map.of("产地", "进口"))).isEmpty();
    assertThat(check("国产的", Map.of("进口/国产", "进口"))).hasSize(1);
  }

  @Test
  void aRegulatedClassNeedsTheListingToCarryIt() {
    List<Hit> device = check("这是械字号面膜", Map.of(), "cosmetics");
    assertThat(device).extracting(Hit::rule).containsExactly("XC-REGULATED-CLASS");
    assertThat(device.get(0).evidence()).contains("商品类目：cosmetics");
    assertThat(check("这是特字号面膜", Map.of(), "cosmetics")).isEmpty();
    assertThat(check("蓝帽子保健品", Map.of(), "health_food")).isEmpty();
    assertThat(check("蓝帽子保健品", Map.of(), "apparel")).isEmpty();
    assertThat(check("蓝帽子保健品", Map.of("生产许可证编号", "SC10633010000001"), null)).hasSize(1);
    assertThat(
            check(
                "蓝帽子保健品",
                Map.of("批准文号", "国食健注G20200001", "生产许可证", "SC10633010000001"),
                "health_food"))
        .isEmpty();
  }

  @Test
  void parsesChineseNumerals() {
    assertThat(Amounts.number("两")).isEqualByComparingTo("2");
    assertThat(Amounts.number("十五")).isEqualByComparingTo("15");
    assertThat(Amounts.number("三十")).isEqualByComparingTo("30");
    assertThat(Amounts.number("一百零五")).isEqualByComparingTo("105");
    assertThat(Amounts.number("一百二十")).isEqualByComparingTo("120");
    assertThat(Amounts.number("九百九十九")).isEqualByComparingTo("999");
    assertThat(Amounts.number("一千五")).isEqualByComparingTo("1500");
    assertThat(Amounts.number("两万")).isEqualByComparingTo("20000");
    assertThat(Amounts.number("12.5")).isEqualByComparingTo("12.5");
    assertThat(Amounts.number("斤")).isNull();
  }

  @Test
  void onlyPackageAmountsAreClaims() {
    assertThat(Amounts.claims("一共一斤半")).extracting(Amounts.Amount::display).containsExactly("750g");
    assertThat(Amounts.claims("五百克装")).extracting(Amounts.Amount::display).containsExactly("500g");
    assertThat(Amounts.claims("一盒三十片")).extracting(Amounts.Amount::display).containsExactly("30片");
    assertThat(Amounts.claims("每天吃两粒，一次五克")).isEmpty();
    assertThat(check("足足两斤", Map.of("规格", "500g*2袋"))).isEmpty();
    assertThat(check("足足两斤", Map.of("净含量", "500g"))).hasSize(1);
    assertThat(check("一盒三十片", Map.of("规格", "20片/盒"))).hasSize(1);
    assertThat(check("一盒二十片", Map.of("规格", "20片/盒"))).isEmpty();
    assertThat(check("足足两升", Map.of("净含量", "500g"))).isEmpty();
  }

  @Test
  void giftsAreCheckedOnlyAgainstAStatedGiftList() {
    assertThat(check("再送一个保温杯", Map.of())).isEmpty();
    assertThat(check("再送一个保温杯", Map.of("赠品", "无"))).hasSize(1);
    assertThat(check("再送一个保温杯", Map.of("赠品", "保温杯一个"))).isEmpty();
    assertThat(check("买一送一", Map.of("赠品", "无"))).isEmpty();
    assertThat(check("送运费险", Map.of("赠品", "无"))).isEmpty();
  }
}

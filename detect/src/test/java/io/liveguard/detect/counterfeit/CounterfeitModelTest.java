package io.liveguard.detect.counterfeit;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.detect.Channel;
import io.liveguard.detect.claim.ClaimModel.ListingRef;
import io.liveguard.detect.event.Payload;
import io.liveguard.detect.model.Hit;
import io.liveguard.detect.model.Utterance;
import io.liveguard.detect.rule.Brand;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CounterfeitModelTest {

  private static final Instant AT = Instant.parse("2025-11-08T12:00:00Z");
  private static final List<Brand> BRANDS =
      List.of(
          new Brand(
              "chanel",
              "香奈儿",
              "Chanel",
              List.of("小香"),
              List.of(),
              "luxury",
              new BigDecimal("30000"),
              "t"),
          new Brand(
              "coach", "蔻驰", "Coach", List.of(), List.of(), "luxury", new BigDecimal("3000"), "t"),
          new Brand("apple", "苹果公司", "Apple", List.of(), List.of("苹果"), "electronics", null, "t"));

  private static Utterance said(String id, String text, int secondsLater) {
    return new Utterance(id, Channel.SPEECH, text, AT.plusSeconds(secondsLater));
  }

  private static ListingRef listing(String price, String shop) {
    return new ListingRef(
        "L-ev",
        new Payload.Listing(
            "L", "女士手提包", Map.of(), new BigDecimal(price), null, "luxury", shop, null),
        AT);
  }

  private final CounterfeitModel model = new CounterfeitModel(BRANDS, AuthorisedSellers.UNKNOWN);

  @Test
  void aBrandNextToACueIsALeadUnderTrademarkLaw() {
    List<Hit> hits = model.check(said("u", "这款香奈儿和原版一模一样", 0), List.of(), null);
    assertThat(hits).extracting(Hit::rule).containsExactly(CounterfeitModel.CUE);
    assertThat(hits.get(0).matched()).isEqualTo("和原版一模一样");
    assertThat(hits.get(0).term()).isEqualTo("chanel");
  }

  @Test
  void aBrandAloneOrANegatedCueIsNothing() {
    assertThat(model.check(said("u", "香奈儿的经典款", 0), List.of(), null)).isEmpty();
    assertThat(model.check(said("u", "我们不卖高仿，香奈儿专柜正品", 0), List.of(), null)).isEmpty();
    assertThat(model.check(said("u", "coaching课程原版教材", 0), List.of(), null)).isEmpty();
  }

  @Test
  void cueAndBrandInDifferentTextsCountWithinAMinute() {
    Utterance brand = said("b", "小香家的包", 0);
    assertThat(model.check(said("c", "原单货", 50), List.of(brand), null)).hasSize(1);
    assertThat(model.check(said("c", "原单货", 61), List.of(brand), null)).isEmpty();
  }

  @Test
  void ambiguousAliasesCountOnlyRightNextToACue() {
    assertThat(model.check(said("u", "苹果一比一", 0), List.of(), null))
        .extracting(Hit::term)
        .containsExactly("apple");
    assertThat(model.check(said("u", "苹果很甜很甜很甜很甜很甜很甜，我们是原产地", 0), List.of(), null)).isEmpty();
    assertThat(model.check(said("u", "原单", 5), List.of(said("a", "苹果", 0)), null)).isEmpty();
  }

  @Test
  void aFractionOfTheReferencePriceRaisesTheLead() {
    List<Hit> hits = model.check(said("u", "小香原单", 0), List.of(), listing("299", "潮包小铺"));
    assertThat(hits).extracting(Hit::rule).containsExactly(CounterfeitModel.LOW_PRICE);
    assertThat(hits.get(0).events()).containsExactly("u", "L-ev");
    assertThat(model.check(said("u", "小香原单", 0), List.of(), listing("26000", "潮包小铺")))
        .extracting(Hit::rule)
        .containsExactly(CounterfeitModel.CUE);
  }

  @Test
  void aShopOutsideTheAuthorisedRegisterRaisesTheLead() {
    CounterfeitModel withRegister =
        new CounterfeitModel(BRANDS, AuthorisedSellers.of(Map.of("chanel", Set.of("香奈儿官方旗舰店"))));
    assertThat(withRegister.check(said("u", "小香原单", 0), List.of(), listing("26000", "潮包小铺")))
        .extracting(Hit::rule)
        .containsExactly(CounterfeitModel.UNAUTHORISED);
    assertThat(withRegister.check(said("u", "小香原单", 0), List.of(), listing("26000", "香奈儿官方旗舰店")))
        .extracting(Hit::rule)
        .containsExactly(CounterfeitModel.CUE);
    assertThat(withRegister.check(said("u", "蔻驰原单", 0), List.of(), listing("2600", "潮包小铺")))
        .extracting(Hit::rule)
        .containsExactly(CounterfeitModel.CUE);
  }

  @Test
  void theListingTitleCountsAsTheBrandSide() {
    ListingRef titled =
        new ListingRef(
            "L-ev",
            new Payload.Listing(
                "L", "COACH托特包", Map.of(), new BigDecimal("2900"), null, "luxury", "店", null),
            AT);
    List<Hit> hits = model.check(said("u", "原单尾货", 0), List.of(), titled);
    assertThat(hits).extracting(Hit::term).containsExactly("coach");
    assertThat(hits.get(0).events()).containsExactly("u", "L-ev");
  }
}

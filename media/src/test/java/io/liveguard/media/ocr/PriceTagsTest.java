package io.liveguard.media.ocr;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PriceTagsTest {

  static BigDecimal first(String s) {
    return PriceTags.find(s).get(0).amount();
  }

  @Test
  void readsEveryYuanSignVariant() {
    assertThat(first("到手价¥99")).isEqualByComparingTo("99");
    assertThat(first("全网最低价仅限今天￥99")).isEqualByComparingTo("99");
    assertThat(first("秒杀 Y 19.9")).isEqualByComparingTo("19.9");
    assertThat(first("原价 199元")).isEqualByComparingTo("199");
    assertThat(first("¥ 1,99")).isEqualByComparingTo("1.99");
    assertThat(PriceTags.find("原价¥199 现价￥99.00"))
        .extracting(PriceTags.PriceTag::amount)
        .usingElementComparator(BigDecimal::compareTo)
        .containsExactly(new BigDecimal("199"), new BigDecimal("99.00"));
  }

  @Test
  void ignoresLatinWordsAndTooManyDecimals() {
    assertThat(PriceTags.find("TOY2024 新款")).isEmpty();
    assertThat(PriceTags.find("HAPPY 100")).isEmpty();
    assertThat(PriceTags.find("¥9.999")).isEmpty();
    assertThat(PriceTags.find("第1名")).isEmpty();
  }
}

package io.liveguard.detect.price;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PriceClaimsTest {

  private static List<String> find(String text) {
    return PriceClaims.find(text).stream()
        .map(c -> c.kind() + (c.price() == null ? "" : ":" + c.price().toPlainString()))
        .toList();
  }

  @Test
  void readsArabicAndChineseAmounts() {
    assertThat(find("原价999 今天只要99")).containsExactly("ORIGINAL:999", "CURRENT:99");
    assertThat(find("原价九百九十九，今天只要九十九")).containsExactly("ORIGINAL:999", "CURRENT:99");
    assertThat(find("专柜价是1299元，到手价899")).containsExactly("ORIGINAL:1299", "NET:899");
    assertThat(find("只要九块九")).containsExactly("CURRENT:9.9");
    assertThat(find("199到手")).containsExactly("NET:199");
  }

  @Test
  void timesDatesAndCountsAreNotPrices() {
    assertThat(find("今天十二点开播")).isEmpty();
    assertThat(find("今天20号发货")).isEmpty();
    assertThat(find("只要两斤")).isEmpty();
    assertThat(find("原价是多少")).isEmpty();
  }

  @Test
  void findsTimeLimitsAndLowestPriceClaims() {
    assertThat(find("仅限今天，最后一波")).containsExactly("TIME_LIMIT", "TIME_LIMIT");
    assertThat(find("最后3分钟")).containsExactly("TIME_LIMIT");
    assertThat(find("全网最低价")).containsExactly("LOWEST");
  }
}

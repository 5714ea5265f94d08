package io.liveguard.detect.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NormalizerTest {

  @ParameterizedTest
  @CsvSource({
    "顶 级, 顶级",
    "頂級, 顶级",
    "ＴＯＰ１, top一",
    "最最最好, 最好",
    "最🔥好, 最好",
    "最\u200b\u200d好, 最好",
    "第①名, 第一名",
    "第壹, 第一",
    "100%纯棉, 一零零纯棉",
    "zuì hǎo, zuihao",
    "Ａｂｃ, abc",
    "谢谢谢谢, 谢",
    "一一, 一一",
    "㎏, kg"
  })
  void normalizes(String in, String out) {
    assertThat(Normalizer.normalize(in).text()).isEqualTo(out);
  }

  @Test
  void mapsEveryNormalizedCharacterBackToItsOriginal() {
    NormalizedText t = Normalizer.normalize("这是 頂 🔥 級！");
    assertThat(t.text()).isEqualTo("这是顶级");
    int[] span = t.toOriginal(2, 4);
    assertThat("这是 頂 🔥 級！".substring(span[0], span[1])).isEqualTo("頂 🔥 級");
  }

  @Test
  void recordsSentenceBreaksAndGaps() {
    NormalizedText t = Normalizer.normalize("好。 好吗 ok");
    assertThat(t.text()).isEqualTo("好吗ok");
    assertThat(t.gapBefore(2)).isTrue();
    assertThat(t.breakBefore(1)).isFalse();
    assertThat(t.toOriginal(0, 1)).containsExactly(0, 4);
    NormalizedText u = Normalizer.normalize("a。b");
    assertThat(u.breakBefore(1)).isTrue();
    assertThat(u.breakBetween(0, 2)).isTrue();
  }

  /** Property: offsets always map inside the original, in order; normalization is idempotent. */
  @Test
  void offsetsStayInsideTheOriginalAndNormalizationIsIdempotent() {
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    String alphabet = "最好顶级頂級第一次近 　,.!。！？、🔥\u200b\u200d①壹1aAｚＺéü谢\uD800\uDC00\uDBFF㎏\n\t";
    for (int round = 0; round < 5_000; round++) {
      StringBuilder b = new StringBuilder();
      int n = random.nextInt(30);
      for (int i = 0; i < n; i++) {
        b.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String original = b.toString();
      NormalizedText t = Normalizer.normalize(original);
      int previousBegin = 0;
      int previousEnd = 0;
      for (int i = 0; i < t.length(); i++) {
        int begin = t.originalBegin(i);
        int end = t.originalEnd(i);
        assertThat(begin).as("seed %d, text %s, index %d", seed, original, i).isBetween(0, end - 1);
        assertThat(end).as("seed %d", seed).isLessThanOrEqualTo(original.length());
        boolean sameExpansion = begin == previousBegin && end == previousEnd && i > 0;
        if (!sameExpansion) {
          assertThat(begin).as("seed %d, monotonic", seed).isGreaterThanOrEqualTo(previousEnd);
        }
        previousBegin = begin;
        previousEnd = end;
      }
      assertThat(Normalizer.normalize(t.text()).text())
          .as("seed %d, idempotent on %s", seed, original)
          .isEqualTo(t.text());
    }
  }

  @Test
  void growsWhenCharactersExpand() {
    String s = "㎏".repeat(50) + "最好";
    NormalizedText t = Normalizer.normalize(s);
    assertThat(t.text()).isEqualTo("kg".repeat(50) + "最好");
    assertThat(t.toOriginal(100, 102)).containsExactly(50, 52);
  }
}

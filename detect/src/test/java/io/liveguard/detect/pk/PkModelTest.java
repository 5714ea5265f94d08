package io.liveguard.detect.pk;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.detect.Channel;
import io.liveguard.detect.event.Payload;
import io.liveguard.detect.model.Hit;
import io.liveguard.detect.model.Utterance;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PkModelTest {

  private static final Instant T0 = Instant.parse("2025-11-15T13:00:00Z");

  private static PkModel.Snapshot snap(String id, int seconds, long count, Long viewers) {
    return new PkModel.Snapshot(
        id, T0.plusSeconds(seconds), new Payload.Sales("L", count, viewers));
  }

  @Test
  void salesRisingFasterThanTheAudienceIsASignal() {
    Hit h = PkModel.jump(snap("a", 0, 100, 300L), snap("b", 120, 2100, 350L));
    assertThat(h).isNotNull();
    assertThat(h.rule()).isEqualTo(PkModel.OUTRUN);
    assertThat(h.events()).containsExactly("a", "b");
    assertThat(h.evidence()).contains("100 → 2100", "+2000", "350");
  }

  @Test
  void ordinarySalesUnknownAudiencesLongGapsAndSmallJumpsAreNot() {
    assertThat(PkModel.jump(snap("a", 0, 100, 300L), snap("b", 120, 350, 320L))).isNull();
    assertThat(PkModel.jump(snap("a", 0, 100, null), snap("b", 120, 5000, 320L))).isNull();
    assertThat(PkModel.jump(snap("a", 0, 100, 300L), snap("b", 601, 5000, 320L))).isNull();
    assertThat(PkModel.jump(snap("a", 0, 0, 5L), snap("b", 60, 19, 5L))).isNull();
    assertThat(PkModel.jump(snap("a", 0, 500, 5L), snap("b", 60, 100, 5L))).isNull();
  }

  @Test
  void findsPressureAndBrushingCues() {
    Utterance u = new Utterance("u", Channel.SPEECH, "帮我拿下！冲单冲单，不买不是家人", T0);
    assertThat(PkModel.cues(u, "k-88"))
        .extracting(Hit::rule, Hit::matched)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(PkModel.BRUSHING, "冲单"),
            org.assertj.core.groups.Tuple.tuple(PkModel.BRUSHING, "冲单"),
            org.assertj.core.groups.Tuple.tuple(PkModel.INDUCED, "帮我拿下"),
            org.assertj.core.groups.Tuple.tuple(PkModel.INDUCED, "不买不是家人"));
    assertThat(PkModel.cues(new Utterance("u", Channel.SPEECH, "欢迎家人们", T0), null)).isEmpty();
  }
}

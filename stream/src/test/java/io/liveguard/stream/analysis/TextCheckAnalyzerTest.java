package io.liveguard.stream.analysis;

import static io.liveguard.stream.testing.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.stream.testing.Events;
import io.liveguard.stream.topic.EventRecord;
import io.liveguard.stream.topic.FindingRecord;
import org.junit.jupiter.api.Test;

class TextCheckAnalyzerTest {

  private final TextCheckAnalyzer analyzer = new TextCheckAnalyzer();

  private Outcome<TextCheckState> analyze(TextCheckState s, String json) {
    return analyzer.analyze(s, Events.record(json));
  }

  @Test
  void raisesAFindingCitingTheEventForAViolationInSpeech() {
    EventRecord e = Events.record(Events.text("transcript", "e-1", "r-1", "s-1", T0, "这是全网最低价"));
    Outcome<TextCheckState> o = analyzer.analyze(analyzer.start(e.key()), e);
    assertThat(o.findings()).isNotEmpty();
    FindingRecord f = o.findings().get(0);
    assertThat(f.events()).containsExactly("e-1");
    assertThat(f.key()).isEqualTo("douyin/r-1");
    assertThat(f.finding()).contains("\"channel\":\"speech\"").contains("\"matched\":\"全网最低价\"");
    assertThat(f.toJson()).startsWith("{\"schema\":\"liveguard.finding.v1\",\"id\":\"" + f.id());
    assertThat(o.state().events()).isEqualTo(1);
  }

  @Test
  void theSameEventGivesTheSameFindingIdsAndAnotherEventOthers() {
    String json = Events.text("chat", "e-1", "r-1", "s-1", T0, "销量第一");
    FindingRecord a = analyze(analyzer.start("k"), json).findings().get(0);
    FindingRecord b = analyze(analyzer.start("k"), json).findings().get(0);
    FindingRecord c =
        analyze(analyzer.start("k"), Events.text("chat", "e-2", "r-1", "s-1", T0, "销量第一"))
            .findings()
            .get(0);
    assertThat(a.id()).isEqualTo(b.id()).hasSize(32).isNotEqualTo(c.id());
  }

  @Test
  void remembersTheListingCategoryAndStartsOverForANewSession() {
    TextCheckState s = analyzer.start("k");
    s = analyze(s, Events.listing("e-1", "r-1", "s-1", T0, "纯棉T恤", "apparel")).state();
    assertThat(s.product()).isEqualTo("apparel");
    s = analyze(s, Events.text("chat", "e-2", "r-1", "s-1", T0 + 1, "好看")).state();
    assertThat(s.product()).isEqualTo("apparel");
    assertThat(s.events()).isEqualTo(2);
    s = analyze(s, Events.text("chat", "e-3", "r-1", "s-2", T0 + 2, "好看")).state();
    assertThat(s.session()).isEqualTo("s-2");
    assertThat(s.product()).isNull();
    assertThat(s.events()).isEqualTo(1);
  }

  @Test
  void releasesTheStateWhenTheSessionEnds() {
    Outcome<TextCheckState> o =
        analyze(analyzer.start("k"), Events.bare("session_ended", "e-9", "r-1", "s-1", T0));
    assertThat(o.state()).isNull();
    assertThat(o.findings()).isEmpty();
  }

  @Test
  void raisesNothingForEventsWithoutText() {
    String sales =
        "{\"id\":\"e-1\",\"type\":\"sales\",\"platform\":\"douyin\",\"room\":\"r\","
            + "\"session\":\"s\",\"at\":\"2025-11-08T20:00:00Z\",\"count\":3}";
    Outcome<TextCheckState> o = analyze(analyzer.start("k"), sales);
    assertThat(o.findings()).isEmpty();
    assertThat(o.state().events()).isEqualTo(1);
  }
}

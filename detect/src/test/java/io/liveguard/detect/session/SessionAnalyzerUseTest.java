package io.liveguard.detect.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.detect.Detector;
import io.liveguard.detect.counterfeit.AuthorisedSellers;
import io.liveguard.detect.counterfeit.CounterfeitModel;
import io.liveguard.detect.event.EventJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionAnalyzerUseTest {

  private static final String LISTING =
      "{\"id\":\"u-1\",\"type\":\"listing\",\"platform\":\"douyin\",\"room\":\"r-1\","
          + "\"session\":\"s-1\",\"at\":\"2025-11-14T20:00:00+08:00\",\"listing\":\"L-1\","
          + "\"title\":\"小香风链条包\",\"price\":299,\"category\":\"luxury\",\"shop\":\"潮包小铺\"}";

  private static String said(String id, String at, String text) {
    return "{\"id\":\""
        + id
        + "\",\"type\":\"transcript\",\"platform\":\"douyin\",\"room\":\"r-1\","
        + "\"session\":\"s-1\",\"at\":\""
        + at
        + "\",\"text\":\""
        + text
        + "\",\"start_ms\":0,\"end_ms\":1000}";
  }

  private static List<String> rules(SessionAnalyzer a, String json) throws Exception {
    List<String> out = new ArrayList<>();
    for (SessionFinding f : a.accept(EventJson.parse(json))) {
      out.add(f.finding().rule());
    }
    return out;
  }

  @Test
  void aSwappedRegisterAndDetectorApplyToLaterEventsAndTheStateIsKept() throws Exception {
    SessionAnalyzer a = SessionAnalyzer.bundled();
    assertThat(rules(a, LISTING)).isEmpty();
    assertThat(rules(a, said("u-2", "2025-11-14T20:01:00+08:00", "这个包和原版一模一样")))
        .contains("CF-BRAND-CUE-LOW-PRICE")
        .doesNotContain("CF-BRAND-CUE-UNAUTHORISED");

    Detector d = Detector.bundled();
    a.use(
        d,
        new CounterfeitModel(
            d.catalogue().brands(), AuthorisedSellers.of(Map.of("chanel", Set.of("香奈儿专柜")))));
    // the listing on sale is still known: the register now says its shop is not a seller
    assertThat(rules(a, said("u-3", "2025-11-14T20:02:00+08:00", "跟原版一模一样的包")))
        .contains("CF-BRAND-CUE-UNAUTHORISED");
    // the analyzer still drops a copy of an event it saw before the swap
    assertThat(rules(a, LISTING)).isEmpty();
  }

  @Test
  void aDisabledModelRuleRaisesNothingAndFiresAgainOnceEnabled() throws Exception {
    SessionAnalyzer a = SessionAnalyzer.bundled();
    Detector d = Detector.bundled();
    CounterfeitModel unknownSellers =
        new CounterfeitModel(d.catalogue().brands(), AuthorisedSellers.UNKNOWN);
    assertThat(rules(a, LISTING)).isEmpty();

    a.use(d, unknownSellers, Set.of("CF-BRAND-CUE-LOW-PRICE", "ABS-NONEXISTENT"));
    assertThat(a.disabled()).contains("CF-BRAND-CUE-LOW-PRICE");
    assertThat(rules(a, said("u-2", "2025-11-14T20:01:00+08:00", "这个包和原版一模一样")))
        .doesNotContain("CF-BRAND-CUE-LOW-PRICE");

    // Enabled again: the same kind of cue fires on the next text (it was not marked reported).
    a.use(d, unknownSellers, Set.of());
    assertThat(rules(a, said("u-3", "2025-11-14T20:02:00+08:00", "这个包和原版一模一样")))
        .contains("CF-BRAND-CUE-LOW-PRICE");
    // The two-argument swap keeps what was disabled.
    a.use(d, unknownSellers, Set.of("CF-BRAND-CUE-LOW-PRICE"));
    a.use(d, unknownSellers);
    assertThat(a.disabled()).containsExactly("CF-BRAND-CUE-LOW-PRICE");
  }
}

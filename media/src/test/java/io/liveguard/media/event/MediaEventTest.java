package io.liveguard.media.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liveguard.detect.event.Event;
import io.liveguard.detect.event.EventJson;
import io.liveguard.detect.event.Payload;
import io.liveguard.detect.event.Platform;
import io.liveguard.media.ocr.Box;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MediaEventTest {

  final MediaEvent.Origin origin = new MediaEvent.Origin("douyin", "r-8848", "s-20251108");

  @Test
  void writesLinesThatTheIngestCodecReadsBack() throws Exception {
    MediaEvent t =
        new MediaEvent.Transcript(
            "e-1",
            origin,
            Instant.parse("2025-11-08T12:01:12Z"),
            "全网最低价\"",
            72000,
            75400,
            0.93,
            "funasr");
    Event back = EventJson.parse(t.toJson());
    assertThat(back.platform()).isEqualTo(Platform.DOUYIN);
    assertThat(back.room()).isEqualTo("r-8848");
    assertThat(back.at()).isEqualTo(Instant.parse("2025-11-08T12:01:12Z"));
    assertThat(back.payload())
        .isEqualTo(new Payload.Transcript("全网最低价\"", 72000, 75400, 0.93, "funasr"));

    MediaEvent s =
        new MediaEvent.ScreenText(
            "e-2",
            origin,
            Instant.parse("2025-11-08T12:01:13Z"),
            "原价999",
            new Box(40, 960, 600, 80),
            "sha256:4f1c",
            3000,
            List.of());
    assertThat(EventJson.parse(s.toJson()).payload())
        .isEqualTo(
            new Payload.ScreenText("原价999", new Payload.Box(40, 960, 600, 80), "sha256:4f1c"));

    MediaEvent unknown =
        new MediaEvent.Transcript(
            "e-3", origin, Instant.parse("2025-11-08T12:01:12Z"), "x", 0, 1, Double.NaN, "funasr");
    assertThat(unknown.toJson()).doesNotContain("confidence");
    assertThat(((Payload.Transcript) EventJson.parse(unknown.toJson()).payload()).confidence())
        .isNull();
  }

  @Test
  void refusesIdsAndPlatformsOutsideTheIngestFormat() {
    assertThatThrownBy(() -> new MediaEvent.Origin("douyin", "room with spaces", "s"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MediaEvent.Origin("douyin", "r", ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MediaEvent.Origin("tiktok-global", "r", "s"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void priceShownOnScreenFeedsThePriceModelOfTheSessionAnalyzer() throws Exception {
    // A week of screen prices at 99 (no platform feed), then a listing snapshot that strikes
    // through 299 as the "original" price: 虚构原价, resting on the screen-price observations.
    io.liveguard.detect.session.SessionAnalyzer analyzer =
        io.liveguard.detect.session.SessionAnalyzer.bundled();
    List<io.liveguard.detect.session.SessionFinding> found = new java.util.ArrayList<>();
    for (int day = 1; day <= 6; day++) {
      MediaEvent.PriceShown p =
          new MediaEvent.PriceShown(
              "p-" + day,
              origin,
              Instant.parse("2025-11-0" + day + "T12:00:00Z"),
              "L-1",
              new java.math.BigDecimal("99"),
              "s-" + day);
      Event e = EventJson.parse(p.toJson());
      assertThat(e.payload())
          .isEqualTo(
              new Payload.Price(
                  "L-1", new java.math.BigDecimal("99"), "CNY", Payload.PriceSource.LISTING, null));
      found.addAll(analyzer.accept(e));
    }
    assertThat(found).isEmpty();
    Event listing =
        EventJson.parse(
            "{\"id\":\"l-1\",\"type\":\"listing\",\"platform\":\"douyin\",\"room\":\"r-8848\","
                + "\"session\":\"s-20251108\",\"at\":\"2025-11-08T12:00:00Z\",\"listing\":\"L-1\","
                + "\"title\":\"夏季纯棉T恤\",\"price\":99,\"original_price\":299}");
    found.addAll(analyzer.accept(listing));
    assertThat(found)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.finding().rule()).isEqualTo("PRICE-FICTITIOUS-ORIGINAL");
              assertThat(f.events()).contains("l-1").anyMatch(id -> id.startsWith("p-"));
            });
  }

  @Test
  void priceShownIsWrittenAsAPriceObservationLine() {
    MediaEvent p =
        new MediaEvent.PriceShown(
            "r:s:s1.0.0.p0",
            origin,
            Instant.parse("2025-11-08T12:01:13Z"),
            "L-1",
            new java.math.BigDecimal("99.90"),
            "r:s:s1.0.0");
    assertThat(p.toJson())
        .contains("\"type\":\"price\"")
        .contains("\"listing\":\"L-1\"")
        .contains("\"source\":\"listing\"");
    assertThat(p.text()).isEqualTo("¥99.90");
  }
}

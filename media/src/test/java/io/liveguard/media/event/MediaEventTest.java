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
}

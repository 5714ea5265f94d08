package io.liveguard.media.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liveguard.media.ocr.Box;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MediaEventTest {

  final MediaEvent.Origin origin = new MediaEvent.Origin("douyin", "r-8848", "s-20251108");

  @Test
  void writesTheIngestFormat() {
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
    assertThat(t.toJson())
        .isEqualTo(
            "{\"id\":\"e-1\",\"type\":\"transcript\",\"platform\":\"douyin\",\"room\":\"r-8848\",\"session\":\"s-20251108\","
                + "\"at\":\"2025-11-08T20:01:12+08:00\",\"text\":\"全网最低价\\\"\",\"start_ms\":72000,\"end_ms\":75400,"
                + "\"confidence\":0.930,\"engine\":\"funasr\"}");
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
    assertThat(s.toJson())
        .endsWith("\"text\":\"原价999\",\"box\":[40,960,600,80],\"frame\":\"sha256:4f1c\"}");
    MediaEvent unknown =
        new MediaEvent.Transcript(
            "e-3", origin, Instant.parse("2025-11-08T12:01:12Z"), "x", 0, 1, Double.NaN, "funasr");
    assertThat(unknown.toJson()).doesNotContain("confidence");
  }

  @Test
  void refusesIdsOutsideTheIngestCharacterSet() {
    assertThatThrownBy(() -> new MediaEvent.Origin("douyin", "room with spaces", "s"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MediaEvent.Origin("douyin", "r", ""))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

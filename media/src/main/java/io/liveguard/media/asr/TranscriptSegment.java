package io.liveguard.media.asr;

import java.util.Objects;

/**
 * What an engine heard in one stretch of audio: the text, media time {@code [startMillis,
 * endMillis)} of the session, the engine's confidence in {@code [0, 1]} ({@code NaN} when the
 * engine reports none), and the engine's name.
 */
public record TranscriptSegment(
    String text, long startMillis, long endMillis, double confidence, String engine) {

  public TranscriptSegment {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(engine, "engine");
    if (startMillis < 0 || endMillis < startMillis) {
      throw new IllegalArgumentException("segment time [" + startMillis + ", " + endMillis + ")");
    }
    if (!Double.isNaN(confidence) && !(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException("confidence " + confidence + " outside [0, 1]");
    }
  }
}

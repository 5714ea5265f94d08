package io.liveguard.media.ocr;

import java.util.Objects;

/**
 * One line of text read from a frame: the text, the recognizer's confidence in {@code [0, 1]} (mean
 * of the per-character probabilities), and where it is.
 */
public record TextLine(String text, double confidence, Box box) {

  public TextLine {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(box, "box");
    if (!(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException("confidence " + confidence + " outside [0, 1]");
    }
  }
}
